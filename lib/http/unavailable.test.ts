import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbHandle, openPostgres, setDbHandle, type DbHandle } from "@/db/client";
import { holdServerErrors } from "@/scripts/unavailable.mjs";
import { registerUnavailable } from "./unavailable";

/** What scripts/server.mjs does, with Next replaced by a handler that fails the way a page does when its query fails. */
function serve() {
  const server = http.createServer((req, res) => {
    holdServerErrors(res);
    if (req.url === "/ok") return void res.end("fine");
    if (req.url === "/flushed") {
      // How Next answers a page that failed: the status set, headers flushed, then the body.
      res.statusCode = 500;
      res.flushHeaders();
      res.writeHead(500, { "content-type": "text/html" });
      return void res.end("<html>error page</html>");
    }
    res.statusCode = 500;
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.setHeader("x-powered-by", "Next.js");
    res.write("<html><script src=/_next/x.js></script>");
    res.end("Internal error shell</html>");
  });
  return new Promise<{ base: string; close: () => void }>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() })),
  );
}

describe("while the database is down (issue 14)", () => {
  let app: { base: string; close: () => void };
  beforeAll(async () => {
    registerUnavailable();
    app = await serve();
  });
  afterAll(() => app.close());

  it("a 500 while the database answers goes out unchanged", async () => {
    const res = await fetch(`${app.base}/page`);
    expect(res.status).toBe(500);
    expect(res.headers.get("x-powered-by")).toBe("Next.js");
    expect(await res.text()).toBe("<html><script src=/_next/x.js></script>Internal error shell</html>");
    expect(await (await fetch(`${app.base}/ok`)).text()).toBe("fine");
  });

  it("PostgreSQL unreachable (refused, or silent): within about 2 s a plain 503 page that needs no JavaScript, with Retry-After", async () => {
    const real = dbHandle();
    // A port that accepts nothing, and one that accepts and never answers (a dead host behind a firewall).
    const refused = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const silent = net.createServer(() => {}).listen(0, "127.0.0.1");
    await new Promise((r) => silent.once("listening", r));
    const handles: DbHandle[] = [];
    try {
      for (const port of [refused, (silent.address() as AddressInfo).port]) {
        const down = openPostgres(`postgres://postgres@127.0.0.1:${port}/nowhere`, 2);
        handles.push(down);
        setDbHandle(down);
        await new Promise((r) => setTimeout(r, 600)); // past the ping cache
        const started = Date.now();
        const flushed = await fetch(`${app.base}/flushed`);
        expect(flushed.status).toBe(503);
        expect(await flushed.text()).toContain("We'll be right back");
        const res = await fetch(`${app.base}/lesson`);
        const took = Date.now() - started;
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("15");
        expect(res.headers.get("x-powered-by")).toBeNull();
        const body = await res.text();
        expect(body).toContain("We'll be right back");
        expect(body).toContain("try again");
        expect(body).not.toMatch(/<script|_next|stack|Error:/i);
        expect(took).toBeLessThan(2_500);
      }
    } finally {
      setDbHandle(real);
      silent.close();
      for (const h of handles) await h.close().catch(() => {});
    }
    // Back (and more than 3 s since the last failed ping): the next failure is a plain 500 again, no restart.
    await new Promise((r) => setTimeout(r, 3_100));
    expect((await fetch(`${app.base}/page`)).status).toBe(500);
    const flushed = await fetch(`${app.base}/flushed`);
    expect([flushed.status, await flushed.text()]).toEqual([500, "<html>error page</html>"]);
  });
});
