/**
 * The server action wrappers read a browser form's text fields and nothing else (issue 12,
 * fuzzing): whatever else a request decodes to is refused before the handler runs. The
 * e2e fuzzer (e2e/demo/fuzz.spec.ts) sends the same shapes over HTTP.
 */
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { action, FORM_UNREADABLE, formAction, inputlessAction, valuesAction } from "@/lib/actions";
import { textSchema } from "@/lib/slug";

vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest" }) }));

const form = (entries: Array<[string, string | Blob]>) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};
const schema = z.object({ name: z.string(), note: z.string().optional() });

describe("action()", () => {
  it("refuses arguments that are not a form (JSON where a form goes) without running the handler", async () => {
    const fn = vi.fn(async () => ({ ok: true }));
    const run = action(schema, fn) as unknown as (...args: unknown[]) => Promise<unknown>;
    for (const args of [[], [{}], [{}, undefined], [{}, { name: ["a", "b"] }], [{}, "name=x"], [{}, [["name", "x"]]], [{}, null]]) {
      expect(await run(...args), JSON.stringify(args)).toEqual({ error: FORM_UNREADABLE });
    }
    expect(fn).not.toHaveBeenCalled();
  });

  it("refuses text with NUL, control characters, U+FFFD (invalid UTF-8) or a lone surrogate field by field, and files where text goes", async () => {
    const fn = vi.fn(async () => ({ ok: true }));
    const run = action(schema, fn);
    expect((await run({}, form([["name", new File(["x"], "x.txt")]]))).fieldErrors).toEqual({ name: expect.stringContaining("expected string") });
    expect(await run({}, form([["na\u0000me", "x"]]))).toEqual({ error: FORM_UNREADABLE });
    for (const bad of ["a\u0000b", "\u0007bell", "esc\u001b[2J", "del\u007f", "c1\u0085", "bad \ufffd utf-8", "lone \ud800 surrogate", "\u000bvertical tab"]) {
      const state = await run({}, form([["name", bad], ["note", "fine"]]));
      expect(state.fieldErrors, JSON.stringify(bad)).toEqual({ name: expect.stringContaining("cannot be saved") });
      expect(state.values).toEqual({ note: "fine" }); // the refused text is not echoed back
    }
    expect(fn).not.toHaveBeenCalled();
  });

  it("takes the text people type: tabs, line breaks, accents, emoji, right-to-left marks", async () => {
    const fn = vi.fn(async () => ({ ok: true }));
    const run = action(schema, fn);
    const text = "Zoë\tO'Brien\r\n😀 שלום \u202bmixed\u202c";
    expect(await run({}, form([["name", text]]))).toEqual({ ok: true, values: undefined });
    expect(fn).toHaveBeenCalledWith({ name: text }, expect.anything());
  });
});

describe("formAction(), valuesAction(), inputlessAction()", () => {
  it("a plain form action does nothing for a form it cannot read, a field sent twice or text that cannot be saved", async () => {
    const fn = vi.fn(async () => {});
    const run = formAction(fn) as unknown as (...args: unknown[]) => Promise<void>;
    const twice = form([["workspace", "demo"], ["workspace", "demo"]]);
    for (const args of [[], [{ workspace: "demo" }], ["demo"], [{}, form([["workspace", "demo"]])], [twice], [form([["workspace", "de\u0000mo"]])], [form([["workspace", new File(["demo"], "w")]])]]) await run(...args);
    expect(fn).not.toHaveBeenCalled();
    await run(form([["workspace", "demo"]]));
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("a values action gets its arguments checked as a tuple, and anything else gets the refusal", async () => {
    const fn = vi.fn(async (workspace: string, query: string) => [workspace, query]);
    const run = valuesAction(z.tuple([textSchema, textSchema]), fn, []) as unknown as (...args: unknown[]) => Promise<unknown>;
    for (const args of [[], [new FormData(), new FormData()], ["demo", "a\u0000b"], ["demo", { $gt: "" }], [["demo"], "x"], ["demo", "x", "extra"]]) {
      expect(await run(...args)).toEqual([]);
    }
    expect(fn).not.toHaveBeenCalled();
    expect(await run("demo", "ann")).toEqual(["demo", "ann"]);
  });

  it("every wrapper tells the production server that an action runs, before checking anything", async () => {
    const running = vi.fn();
    (globalThis as { __porticoActionRunning?: () => void }).__porticoActionRunning = running;
    try {
      await (action(schema, async () => {}) as unknown as (...a: unknown[]) => Promise<unknown>)("garbage");
      await (formAction(async () => {}) as unknown as (...a: unknown[]) => Promise<unknown>)("garbage");
      await valuesAction(z.tuple([]), async () => 1, 0)("garbage");
      await inputlessAction(async () => 1)("garbage");
      expect(running).toHaveBeenCalledTimes(4);
    } finally {
      delete (globalThis as { __porticoActionRunning?: () => void }).__porticoActionRunning;
    }
  });
});
