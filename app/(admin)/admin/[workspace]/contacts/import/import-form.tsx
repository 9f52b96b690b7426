"use client";
import { useActionState, useRef, useState, startTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/input";
import type { ImportState } from "./import-step";
import { ImportResultView, RowErrors, WelcomeChoice } from "./import-views";
import { MAX_UPLOAD_BYTES, TOO_LARGE } from "./upload/limits";
import { plural } from "@/lib/utils";

/**
 * Posts the form to the upload route (not a server action: those take at most 1 MB) and
 * shows what it answers; every answer, refusals included, is the form's state as JSON.
 */
async function upload(url: string, data: FormData): Promise<ImportState> {
  const file = data.get("file");
  if (file instanceof File && file.size > MAX_UPLOAD_BYTES) return { error: TOO_LARGE };
  try {
    const res = await fetch(url, { method: "POST", body: data, headers: { accept: "application/json" } });
    const state = (await res.json().catch(() => null)) as ImportState | null;
    return state ?? { error: res.status === 413 ? TOO_LARGE : `The import did not answer (HTTP ${res.status}). Try again.` };
  } catch {
    return { error: "The upload did not reach the server. Check your connection and try again." };
  }
}

export function ImportForm({ workspace, offers }: { workspace: string; offers: { id: string; label: string }[] }) {
  const url = `/admin/${workspace}/contacts/import/upload`;
  const [state, run, pending] = useActionState<ImportState, FormData>((_prev, data) => upload(url, data), {});
  const form = useRef<HTMLFormElement>(null);
  // Changing the file or the offer after a preview asks for a new one: its numbers (and the welcome emails it announced) would be wrong.
  const [changed, setChanged] = useState(false);
  const [welcome, setWelcome] = useState(true);
  // The file stays selected between Preview and Import: both read the same form.
  const submit = (mode: "preview" | "import") => {
    const data = new FormData(form.current!);
    data.set("mode", mode);
    data.set("welcome", welcome ? "on" : "off");
    if (mode === "preview") setChanged(false);
    startTransition(() => run(data));
  };
  const p = state.preview;
  return (
    <div className="space-y-6">
      <form ref={form} className="space-y-4" onChange={() => setChanged(true)} onSubmit={(e) => { e.preventDefault(); submit("preview"); }}>
        <div className="space-y-1.5">
          <Label htmlFor="csv-file">CSV file</Label>
          <input id="csv-file" name="file" type="file" accept=".csv,text/csv" required className="block text-sm file:mr-3 file:rounded-lg file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm" />
          <p className="text-xs text-zinc-500">Columns: email (required), first name, last name, tags (separated by commas or semicolons), phone. The first line names the columns.</p>
        </div>
        <div className="max-w-sm space-y-1.5">
          <Label htmlFor="import-offer">Grant an offer to everyone imported (optional)</Label>
          <Select id="import-offer" name="offerId" defaultValue="">
            <option value="">No offer</option>
            {offers.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
          </Select>
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Reading…" : "Preview"}</Button>
      </form>

      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {state.result ? <ImportResultView result={state.result} skippedRows={state.skippedRows} /> : null}
      {p ? (
        <div className="space-y-4" data-testid="import-preview">
          <p className="text-sm"><strong>{p.valid}</strong> row{p.valid === 1 ? "" : "s"} ready to import{p.errorCount ? <>, <strong className="text-red-700">{p.errorCount}</strong> with errors (skipped)</> : null}.</p>
          <div className="overflow-x-auto rounded-lg border border-zinc-200">
            <table className="w-full text-left text-sm">
              <thead className="bg-zinc-50 text-xs text-zinc-500 uppercase"><tr>{p.columns.map((c) => <th key={c} className="px-3 py-2 font-medium">{c}</th>)}</tr></thead>
              <tbody className="divide-y divide-zinc-100">{p.rows.map((r) => <tr key={r[0]}>{r.map((v, i) => <td key={i} className="px-3 py-1.5">{v}</td>)}</tr>)}</tbody>
            </table>
          </div>
          {p.errorCount ? <RowErrors rows={p} title="Rows with errors" testId="import-errors" /> : null}
          {p.valid && p.offer ? <WelcomeChoice offer={p.offer} welcome={welcome} onWelcome={setWelcome} /> : null}
          {p.valid && changed ? <Alert>The file or the offer changed since this preview: press Preview again before importing.</Alert> : null}
          {p.valid ? <Button type="button" disabled={pending || changed} onClick={() => submit("import")}>{pending ? "Importing…" : `Import ${plural(p.valid, "contact")}`}</Button> : null}
        </div>
      ) : null}
    </div>
  );
}
