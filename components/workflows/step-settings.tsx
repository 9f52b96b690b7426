"use client";
import Link from "next/link";
import { Input, Select, Textarea } from "@/components/ui/input";
import { SMS_MAX_CHARS, type StepType } from "@/lib/workflows/definitions";
import type { WorkflowChoices } from "@/lib/workflows/manage";
import { FieldShell, Picker, fieldId } from "./field-shell";

type Config = Record<string, string | boolean>;

export type StepSettingsProps = {
  index: number;
  type: StepType;
  config: Config;
  onChange: (config: Config) => void;
  errors: Record<string, string>;
  choices: WorkflowChoices;
  mergeFields: [string, string][];
  templatesHref: string;
};

/** The settings of one step, by type; every field is named `steps.<index>.<setting>`. */
export function StepSettings({ index, type, config, onChange, errors, choices, mergeFields, templatesHref }: StepSettingsProps) {
  const at = (k: string) => `steps.${index}.${k}`;
  const text = (k: string) => (typeof config[k] === "string" ? (config[k] as string) : "");
  const set = (k: string) => (v: string | boolean) => onChange({ ...config, [k]: v });
  const err = (k: string) => errors[at(k)];
  switch (type) {
    case "send_email":
      return (
        <div className="space-y-2">
          <FieldShell name={at("templateId")} label="Email template" error={err("templateId")}>
            <Picker value={text("templateId")} onChange={set("templateId")} choices={choices.templates} none="Choose a template…" />
          </FieldShell>
          {choices.templates.length === 0 ? (
            <p className="text-sm text-zinc-600">
              No email templates yet. <Link href={templatesHref} className="font-medium text-accent hover:underline">Create a template</Link> (it opens the Emails page; come back here to pick it).
            </p>
          ) : null}
        </div>
      );
    case "grant_offer":
      return (
        <div className="space-y-3">
          <FieldShell name={at("offerId")} label="Offer to grant" error={err("offerId")}>
            <Picker value={text("offerId")} onChange={set("offerId")} choices={choices.offers} none="Choose an offer…" />
          </FieldShell>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={at("sendWelcome")} checked={config.sendWelcome === true} onChange={(e) => set("sendWelcome")(e.target.checked)} className="size-4 accent-accent" />
            Also send the membership welcome email
          </label>
        </div>
      );
    case "revoke_offer":
      return (
        <FieldShell name={at("offerId")} label="Offer to revoke" error={err("offerId")}>
          <Picker value={text("offerId")} onChange={set("offerId")} choices={choices.offers} none="Choose an offer…" />
        </FieldShell>
      );
    case "add_to_group":
    case "remove_from_group":
      return (
        <FieldShell name={at("groupId")} label="Group" error={err("groupId")}>
          <Picker value={text("groupId")} onChange={set("groupId")} choices={choices.groups} none="Choose a group…" />
        </FieldShell>
      );
    case "add_tag":
    case "remove_tag":
      return (
        <FieldShell name={at("tag")} label="Tag" error={err("tag")}>
          <Input value={text("tag")} onChange={(e) => set("tag")(e.target.value)} maxLength={50} autoComplete="off" />
        </FieldShell>
      );
    case "wait":
      return (
        <div className="grid grid-cols-2 gap-3 sm:max-w-sm">
          <FieldShell name={at("amount")} label="Wait for" error={err("amount")}>
            <Input type="number" inputMode="numeric" min={1} value={text("amount")} onChange={(e) => set("amount")(e.target.value)} />
          </FieldShell>
          <FieldShell name={at("unit")} label="Unit" error={err("unit")}>
            <Select value={text("unit") || "days"} onChange={(e) => set("unit")(e.target.value)}>
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
              <option value="days">days</option>
            </Select>
          </FieldShell>
        </div>
      );
    case "send_sms":
      return (
        <div className="space-y-2">
          <FieldShell name={at("body")} label="Message" error={err("body")} hint={`${text("body").length} / ${SMS_MAX_CHARS} characters`}>
            <Textarea rows={3} value={text("body")} onChange={(e) => set("body")(e.target.value)} />
          </FieldShell>
          <details className="rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm">
            <summary className="cursor-pointer font-medium">Merge fields</summary>
            <ul className="mt-2 space-y-1" data-testid={`${fieldId(at("body"))}-fields`}>
              {mergeFields.map(([f, what]) => (
                <li key={f}>
                  <code className="rounded bg-white px-1">{`{{${f}}}`}</code> <span className="text-zinc-600">{what}</span>
                </li>
              ))}
            </ul>
          </details>
        </div>
      );
    case "call_webhook":
      return (
        <FieldShell name={at("url")} label="Webhook URL" error={err("url")} hint="https:// only; the event is POSTed as signed JSON.">
          <Input type="url" inputMode="url" value={text("url")} onChange={(e) => set("url")(e.target.value)} placeholder="https://example.com/hooks/portico" autoComplete="off" />
        </FieldShell>
      );
    default:
      // send_welcome_email, send_login_email: nothing to set.
      return null;
  }
}

/** A new step's settings. */
export function emptyConfig(type: StepType): Config {
  if (type === "wait") return { amount: "1", unit: "days" };
  if (type === "grant_offer") return { offerId: "", sendWelcome: false };
  return {};
}
