/**
 * The one Liquid engine for admin-written text (custom email templates, SPEC §5). Any team
 * member can write a template, so its source is untrusted:
 * - it reaches no file: `include`, `render` and `layout` are refused when a template is parsed
 *   (at save, preview, send and every render), and the engine's file system resolves nothing;
 * - one render is bounded in steps (loop iterations), time, memory and output, and a bound that
 *   hits ends the render with a message the admin can act on (TemplateError).
 * Nothing else in the app may construct a `Liquid`: everything goes through compile/render here.
 */
import { Context, Liquid, LiquidError, Tag, toValue, toValueSync, type Emitter, type FS, type TagToken, type Template, type TopLevelToken } from "liquidjs";

export const TEMPLATE_LIMITS = {
  /** Characters of template source parsed at once (the editor allows 20,000 per body). */
  source: 50_000,
  /** Tags, texts and outputs rendered, loop iterations included: a normal email needs a few hundred. */
  steps: 10_000,
  renderMs: 250,
  /**
   * liquidjs' allocation units: characters built by filters, items in ranges and lists. It also
   * bounds the one thing renderMs cannot interrupt, a single filter call over a list.
   */
  memory: 200_000,
  /** Characters written, captures included (mail clients clip a message at about 100 kB). */
  output: 100_000,
};

export const FILE_TAGS = ["include", "render", "layout"] as const;

/** A template problem worth telling the admin: the message is written for them. */
export class TemplateError extends Error {
  override name = "TemplateError";
}

const fileTagMessage = (tag: string) =>
  `Templates cannot use {% ${tag} %}: an email template cannot read other files or templates. Write the text into this template instead.`;

// Defence in depth: even if a file tag came back (a liquidjs upgrade, a new tag), no path resolves.
const noFiles: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => {
    throw new TemplateError(fileTagMessage("include"));
  },
  readFileSync: () => {
    throw new TemplateError(fileTagMessage("include"));
  },
  resolve: (_dir, file) => file,
  contains: async () => false,
  containsSync: () => false,
  sep: "/",
  dirname: () => "",
};

const engine = new Liquid({
  fs: noFiles,
  root: [],
  partials: [],
  layouts: [],
  relativeReference: false,
  cache: false,
  strictFilters: true,
  strictVariables: true,
  ownPropertyOnly: true,
  parseLimit: TEMPLATE_LIMITS.source,
  renderLimit: TEMPLATE_LIMITS.renderMs,
  memoryLimit: TEMPLATE_LIMITS.memory,
});

// `where_exp`, `group_by_exp`, … evaluate a Liquid expression per list item inside one filter
// call, which the render time limit cannot interrupt (seconds for a list within the memory
// limit). No merge field is a list, so an email template has no use for them.
for (const name of Object.keys(engine.filters)) if (name.endsWith("_exp")) engine.unregisterFilter(name);

for (const tag of FILE_TAGS) {
  engine.registerTag(
    tag,
    class Refused extends Tag {
      constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
        super(token, remainTokens, liquid);
        throw new TemplateError(fileTagMessage(tag));
      }
      render(): never {
        throw new TemplateError(fileTagMessage(tag));
      }
    },
  );
}

type Budget = { steps: number; output: number };
const budgets = new WeakMap<Context, Budget>();

/** Writes rendered text, counting every character against the render's output budget. */
class CappedEmitter implements Emitter {
  buffer = "";
  constructor(private budget: Budget) {}
  write(html: unknown) {
    const text = stringify(html, this.budget);
    this.buffer += text;
  }
}

function stringify(value: unknown, budget: Budget): string {
  const v = toValue(value);
  if (Array.isArray(v)) return v.map((x) => stringify(x, budget)).join("");
  const text = typeof v === "string" ? v : v == null ? "" : String(v);
  budget.output += text.length;
  if (budget.output > TEMPLATE_LIMITS.output) throw new TemplateError(`This template makes too long an email (over ${TEMPLATE_LIMITS.output.toLocaleString("en")} characters). Shorten its loops or text.`);
  return text;
}

// Every block (the template, each loop iteration, each branch, each capture) is rendered through
// renderTemplates with the same Context: counting there caps loops, and giving emitter-less
// calls (the top level, `capture`) a capped emitter caps all the text a render can build.
const renderTemplates = engine.renderer.renderTemplates.bind(engine.renderer);
engine.renderer.renderTemplates = function* (templates: Template[], ctx: Context, emitter?: Emitter) {
  const budget = budgets.get(ctx);
  if (!budget) throw new Error("Liquid contexts are created by renderTemplate() only");
  budget.steps += templates.length + 1;
  if (budget.steps > TEMPLATE_LIMITS.steps) throw new TemplateError(`This template repeats too much (over ${TEMPLATE_LIMITS.steps.toLocaleString("en")} steps). Shorten or remove the loops.`);
  return yield* renderTemplates(templates, ctx, emitter ?? new CappedEmitter(budget));
};

const causes = (err: unknown): unknown[] => {
  const chain: unknown[] = [];
  for (let e = err; e && chain.length < 20; e = (e as { originalError?: unknown }).originalError) chain.push(e);
  return chain;
};

/** The admin's message for an error from the engine; errors that are not the template's are rethrown. */
function explain(err: unknown): TemplateError {
  const chain = causes(err);
  const own = chain.find((e): e is TemplateError => e instanceof TemplateError);
  if (own) return new TemplateError(own.message);
  const messages = chain.map((e) => (e instanceof Error ? e.message : ""));
  if (messages.some((m) => m.includes("template render limit exceeded")))
    return new TemplateError(`This template takes too long to render (over ${TEMPLATE_LIMITS.renderMs} ms). Shorten or remove the loops.`);
  if (messages.some((m) => m.includes("memory alloc limit exceeded")))
    return new TemplateError("This template builds too much text or too long lists (ranges, filters or loops). Make them smaller.");
  if (messages.some((m) => m.includes("parse length limit exceeded")))
    return new TemplateError(`This template is too long (over ${TEMPLATE_LIMITS.source.toLocaleString("en")} characters).`);
  if (LiquidError.is(err)) return new TemplateError(`This is not a valid template: ${err.message.split(", line:")[0]}`);
  throw err;
}

/** Parses template source once for many renders; throws TemplateError (file tags, syntax, length). */
export function compileTemplate(source: string): Template[] {
  try {
    return engine.parse(source);
  } catch (err) {
    throw explain(err);
  }
}

/** The merge fields a template reads from its data (`contact.first_name`, …), its own variables left out. */
export function templateFields(source: string | Template[]): string[] {
  try {
    return engine.globalFullVariablesSync(typeof source === "string" ? compileTemplate(source) : source, { partials: false });
  } catch (err) {
    throw explain(err);
  }
}

/** Renders a compiled template with its own budget; throws TemplateError when a limit or a render error hits. */
export function renderTemplate(template: Template[], data: object): string {
  const ctx = new Context(data, engine.options, { sync: true }, { liquid: engine });
  const budget: Budget = { steps: 0, output: 0 };
  budgets.set(ctx, budget);
  try {
    return toValueSync(engine.renderer.renderTemplates(template, ctx, new CappedEmitter(budget))) as string;
  } catch (err) {
    throw explain(err);
  }
}
