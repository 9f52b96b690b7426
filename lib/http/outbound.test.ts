import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ipaddr from "ipaddr.js";
import { ANY, addressAllowed, isPublicAddress, OutboundRefused, safeFetch, STRICT, urlProblem, type Resolve } from "./outbound";

let hits = 0;
const server = createServer((_req, res) => {
  hits++;
  res.end("reached");
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());

const resolvingTo = (...addresses: string[]): Resolve => (_host, cb) => cb(null, addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));

describe("outbound requests to admin-given URLs (SSRF)", () => {
  it("refuses private, loopback, link-local and other internal targets by address, outside development", () => {
    for (const url of [
      "https://127.0.0.1/hook",
      "https://10.1.2.3/hook",
      "https://172.16.0.5/",
      "https://192.168.1.1/",
      "https://169.254.169.254/latest/meta-data/",
      "https://100.64.0.1/",
      "https://0.0.0.0/",
      "https://[::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[fd00::1]/",
      "https://[fe80::1]/",
      "https://[::127.0.0.1]/",
      "https://[64:ff9b:1::a9fe:a9fe]/",
      "https://[fec0::1]/",
      "https://[2001:db8::1]/",
      "https://localhost/",
      "https://db.internal/",
    ]) {
      expect(urlProblem(url, STRICT), url).toMatch(/private or local|local host name/);
    }
    expect(urlProblem(`http://hooks.example.com/x`, STRICT)).toBe("The URL must start with https://.");
    expect(urlProblem(`https://user:pw@hooks.example.com/x`, STRICT)).toMatch(/credentials/);
    expect(urlProblem("not a url", STRICT)).toMatch(/full URL/);
    expect(urlProblem("https://hooks.example.com/portico", STRICT)).toBeNull();
    expect(isPublicAddress("93.184.216.34")).toBe(true);
    expect(isPublicAddress("2606:4700::1111")).toBe(true);
  });

  it("checks every address a name resolves to when connecting: a public-looking name that points inward reaches nothing", async () => {
    for (const resolve of [resolvingTo("127.0.0.1"), resolvingTo("93.184.216.34", "127.0.0.1"), resolvingTo("::ffff:10.0.0.7")]) {
      await expect(safeFetch(`https://rebind.example.com:${port}/hook`, { body: "{}", policy: STRICT, resolve, timeoutMs: 3000 })).rejects.toBeInstanceOf(OutboundRefused);
    }
    expect(hits).toBe(0);
    // The control: a name that resolves to a public address is let through to the connect (which fails here: no network).
    const err = await safeFetch(`https://public.example.com:${port}/hook`, { body: "{}", policy: STRICT, resolve: resolvingTo("93.184.216.34"), timeoutMs: 1500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(OutboundRefused);
  });

  it("an operator's allowed network is reachable in production (http only to an allowed IP), cloud metadata never", async () => {
    const policy = { anyAddress: false, allowed: [ipaddr.parseCIDR("127.0.0.1/32"), ipaddr.parseCIDR("169.254.0.0/16")] as [ipaddr.IPv4, number][] };
    expect(addressAllowed("127.0.0.1", policy)).toBe(true);
    expect(addressAllowed("127.0.0.2", policy)).toBe(false);
    expect(addressAllowed("169.254.169.254", policy)).toBe(false); // link-local stays refused even when listed
    expect(urlProblem("http://hooks.example.com/x", policy)).toBe("The URL must start with https://.");
    expect(urlProblem("http://10.0.0.1/x", policy)).toBe("The URL must start with https://.");
    expect((await safeFetch(`http://127.0.0.1:${port}/`, { policy })).body).toBe("reached");
    await expect(safeFetch(`https://rebind.example.com:${port}/`, { policy, resolve: resolvingTo("169.254.169.254"), timeoutMs: 2000 })).rejects.toBeInstanceOf(OutboundRefused);
  });

  it("does not follow redirects, bounds the answer, and reaches local receivers only where private targets are allowed", async () => {
    const redirecting = createServer((_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/` });
      res.end("x".repeat(100_000));
    });
    await new Promise<void>((r) => redirecting.listen(0, "127.0.0.1", r));
    const before = hits;
    try {
      const r = await safeFetch(`http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/`, { policy: ANY, maxBodyBytes: 1000 });
      expect(r.status).toBe(302);
      expect(r.body.length).toBeLessThanOrEqual(1000);
      expect(hits).toBe(before); // the redirect was not followed
      expect((await safeFetch(`http://127.0.0.1:${port}/`, { policy: ANY })).body).toBe("reached");
      await expect(safeFetch(`http://127.0.0.1:${port}/`, { policy: STRICT })).rejects.toThrow(/https/);
    } finally {
      redirecting.close();
    }
  });
});
