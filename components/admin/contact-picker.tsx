"use client";
import { X } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { suggestContactsAction } from "@/app/(admin)/admin/[workspace]/contacts/list-actions";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";

export type PickedContact = { id: string; email: string; firstName: string; lastName: string; portalStatus: string };

const nameOf = (c: PickedContact) => `${c.firstName} ${c.lastName}`.trim();

/**
 * Find a contact by typing part of a name or email: the top 10 matches as you type, chosen
 * with the arrow keys and Enter (or a click). ARIA combobox with a listbox popup. Single mode
 * submits `name` = the contact id; multiple mode collects chips and submits one `name` each.
 */
export function ContactPicker({ workspace, name, label, multiple = false, onChange, autoFocus }: {
  workspace: string;
  name: string;
  label: string;
  multiple?: boolean;
  onChange?: (picked: PickedContact[]) => void;
  autoFocus?: boolean;
}) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<PickedContact[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [picked, setPicked] = useState<PickedContact[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  /** The text a choice put in the box: not a new search. */
  const chosenText = useRef<string | null>(null);

  useEffect(() => {
    const q = query.trim();
    if (!q || query === chosenText.current) return;
    const mine = ++seq.current;
    const timer = setTimeout(async () => {
      setLoading(true);
      const rows = await suggestContactsAction(workspace, q).catch(() => []);
      if (mine !== seq.current) return;
      setLoading(false);
      setResults(rows);
      setActive(0);
      setOpen(true);
    }, 150);
    return () => clearTimeout(timer);
  }, [query, workspace]);

  const choose = (c: PickedContact) => {
    const next = multiple ? (picked.some((p) => p.id === c.id) ? picked : [...picked, c]) : [c];
    setPicked(next);
    onChange?.(next);
    const text = multiple ? "" : nameOf(c) ? `${nameOf(c)} <${c.email}>` : c.email;
    chosenText.current = text;
    setQuery(text);
    setOpen(false);
  };
  const remove = (c: PickedContact) => {
    const next = picked.filter((p) => p.id !== c.id);
    setPicked(next);
    onChange?.(next);
  };
  const listId = `${id}-list`;
  const showList = open && query.trim() !== "";

  return (
    <div className="space-y-1.5">
      <Label htmlFor={`${id}-input`}>{label}</Label>
      {multiple && picked.length ? (
        <ul className="flex flex-wrap gap-1.5" aria-label="Chosen contacts">
          {picked.map((c) => (
            <li key={c.id} className="flex items-center gap-1 rounded-full bg-zinc-100 py-0.5 pr-1 pl-3 text-xs">
              {nameOf(c) || c.email}
              <button type="button" onClick={() => remove(c)} className="rounded-full p-0.5 hover:bg-zinc-200" aria-label={`Remove ${c.email}`}>
                <X className="size-3" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="relative">
        <Input
          id={`${id}-input`}
          role="combobox"
          aria-expanded={showList && results.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList && results[active] ? `${id}-opt-${active}` : undefined}
          autoComplete="off"
          autoFocus={autoFocus}
          placeholder="Type part of a name or email"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            if (!e.target.value.trim()) {
              setResults([]);
              setOpen(false);
            }
            if (!multiple && picked.length) {
              setPicked([]);
              onChange?.([]);
            }
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setOpen(true);
              setActive((a) => Math.min(a + 1, results.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === "Enter" && showList && results[active]) {
              e.preventDefault();
              choose(results[active]);
            } else if (e.key === "Escape" && showList) {
              e.preventDefault();
              e.stopPropagation();
              setOpen(false);
            }
          }}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        {showList && results.length === 0 ? (
          <p role="status" className="absolute z-10 mt-1 w-full rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm text-zinc-600 shadow-lg">
            {loading ? "Searching…" : "No contact matches."}
          </p>
        ) : null}
        {showList && results.length > 0 ? (
          <ul id={listId} role="listbox" aria-label="Matching contacts" className="absolute z-10 mt-1 max-h-72 w-full overflow-y-auto rounded-lg border border-zinc-200 bg-white py-1 shadow-lg">
            {results.map((c, i) => (
              <li
                key={c.id}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(c);
                }}
                onMouseEnter={() => setActive(i)}
                className={cn("cursor-pointer px-3 py-2 text-sm", i === active && "bg-zinc-100")}
              >
                <span className="font-medium">{nameOf(c) || c.email}</span>
                {nameOf(c) ? <span className="block text-xs text-zinc-600">{c.email}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {picked.map((c) => (
        <input key={c.id} type="hidden" name={name} value={c.id} />
      ))}
    </div>
  );
}
