/**
 * Issue 16: "every route in the OpenAPI document is called by a test (a test fails when a route
 * is added without one)". Two checks:
 * - the route files under app/api/v1 and OPERATIONS agree: each exported HTTP method is an
 *   operation at that path (routeFileOf), and each operation's file exports its method; the
 *   production server's table of them (lib/api/router.ts) holds every one of those files;
 * - each operation is called by name in some test: `call(contactOps.getContact, …)` with `call`
 *   from test/api-http.ts (or a helper of that file that calls it), the operation written as
 *   `<export of lib/api/ops/*.ts>.<key>` or a `const x = <export>.<key>` alias. A loop over
 *   OPERATIONS (as the scope tests do) does not count: it calls every operation alike.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { routeFileOf, type Operation } from "./operation";
import { OPERATIONS } from "./operations";
import { ROUTE_MODULES, unrouted } from "./router";

const ROOT = process.cwd();
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const SKIP_DIRS = new Set(["node_modules", ".next", ".git", ".data", "test-results", "playwright-report"]);
const NOT_OPERATIONS = new Set(["app/api/v1/openapi.json/route.ts"]); // the document itself: public, no operation
const SELF = "lib/api/coverage.test.ts";

function files(dir: string, keep: (rel: string) => boolean): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => {
      const rel = path.posix.join(dir, e.name);
      if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : files(rel, keep);
      return keep(rel) ? [rel] : [];
    })
    .sort();
}

const isOperation = (v: unknown): v is Operation => !!v && typeof v === "object" && "id" in v && "method" in v && "path" in v && "scope" in v;

/** "contactOps.getContact" → the operation, for every object of operations exported by lib/api/ops/*.ts. */
async function operationNames(): Promise<Map<string, Operation>> {
  const names = new Map<string, Operation>();
  for (const file of files("lib/api/ops", (f) => /\.ts$/.test(f) && !f.endsWith(".test.ts"))) {
    const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>;
    for (const [exported, value] of Object.entries(mod)) {
      if (!value || typeof value !== "object" || Array.isArray(value)) continue;
      for (const [key, op] of Object.entries(value)) if (isOperation(op)) names.set(`${exported}.${key}`, op);
    }
  }
  return names;
}

const IDENT = "[A-Za-z_$][\\w$]*";

/** The operation names each test file calls (see the header). */
export function calledNames(source: string): Set<string> {
  const imported = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["'][^"']*test/api-http["']`).exec(source);
  if (!imported) return new Set();
  const local = imported[1]!
    .split(",")
    .map((s) => s.trim().split(/\s+as\s+/))
    .find(([name]) => name === "call");
  if (!local) return new Set();
  const callName = (local[1] ?? local[0])!;
  // Helpers defined in this file whose definition calls `call` count as `call` too.
  const callers = new Set([callName]);
  for (const m of source.matchAll(new RegExp(`^(?:export\\s+)?(?:const|let|(?:async\\s+)?function)\\s+(${IDENT})[\\s\\S]*?(?=^\\S|(?![\\s\\S]))`, "gm")))
    if (m[1] !== callName && new RegExp(`(^|[^\\w$.])${callName.replace("$", "\\$")}\\(`).test(m[0].slice(m[1]!.length))) callers.add(m[1]!);
  const aliases = new Map<string, string>();
  for (const m of source.matchAll(new RegExp(`(?:const|let)\\s+(${IDENT})\\s*=\\s*(${IDENT}\\.${IDENT})\\s*;`, "g"))) aliases.set(m[1]!, m[2]!);
  const called = new Set<string>();
  const first = new RegExp(`(?:^|[^\\w$.])(${IDENT})\\(\\s*(${IDENT}(?:\\.${IDENT})?)\\s*[,)]`, "g");
  for (const m of source.matchAll(first)) {
    if (!callers.has(m[1]!)) continue;
    const arg = m[2]!;
    called.add(arg.includes(".") ? arg : (aliases.get(arg) ?? arg));
  }
  return called;
}

describe("every /api/v1 operation has its route and a test (issue 16)", () => {
  it("has a route file exporting each operation's method, and no route method that is not an operation", async () => {
    const expected = OPERATIONS.map((op) => `${op.method} ${routeFileOf(op)}`).sort();
    const exported: string[] = [];
    for (const file of files("app/api/v1", (f) => f.endsWith("/route.ts") && !NOT_OPERATIONS.has(f))) {
      const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>;
      for (const m of Object.keys(mod).filter((k) => METHODS.includes(k))) exported.push(`${m} ${file}`);
    }
    expect(exported.sort()).toEqual(expected);
  });

  it("routes every operation in the production server's table (lib/api/router.ts), with its route file's own module", async () => {
    expect(unrouted()).toEqual([]);
    for (const [template, mod] of Object.entries(ROUTE_MODULES)) {
      const file = routeFileOf({ path: template });
      expect(mod, file).toBe(await import(/* @vite-ignore */ path.join(ROOT, file)));
    }
    expect(Object.keys(ROUTE_MODULES).sort()).toEqual([...new Set(OPERATIONS.map((op) => op.path))].sort());
  });

  it("names every operation in lib/api/ops/*.ts", async () => {
    const named = new Set((await operationNames()).values());
    expect(OPERATIONS.filter((op) => !named.has(op)).map((op) => op.id)).toEqual([]);
  });

  it("calls every operation from a test", async () => {
    const names = await operationNames();
    const called = new Set<Operation>();
    for (const file of files(".", (f) => /\.test\.tsx?$/.test(f) && f !== SELF && !f.startsWith("e2e/")))
      for (const name of calledNames(readFileSync(path.join(ROOT, file), "utf8"))) {
        const op = names.get(name);
        if (op) called.add(op);
      }
    const uncalled = OPERATIONS.filter((op) => !called.has(op)).map((op) => `${op.id} (${op.method} ${op.path})`);
    expect(uncalled, "operations no test calls by name, as call(<ops export>.<key>, …)").toEqual([]);
  });

  it("recognises calls by name, through an alias or a helper of the test file, and nothing else", () => {
    const source = [
      'import { call as callOp } from "@/test/api-http";',
      "const getOne = contactOps.getContact;",
      "const call = async (op: Operation, key: string) => {",
      "  return callOp(op, { key });",
      "};",
      "await callOp(accessOps.grantOffer, { key });",
      "await call(getOne, key);",
      "for (const op of OPERATIONS) await callOp(op, { key });",
      "expect(accessOps.listOffers).toBeDefined();",
      "other(accessOps.getOffer, 1);",
    ].join("\n");
    expect([...calledNames(source)].sort()).toEqual(["accessOps.grantOffer", "contactOps.getContact", "op"]);
    expect(calledNames("await call(accessOps.grantOffer, {});")).toEqual(new Set());
  });
});
