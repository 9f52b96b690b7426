/**
 * A small round-robin HTTP proxy on loopback in front of the app instances, as a load balancer
 * would be. It sets X-Forwarded-For itself (the app trusts one hop, TRUST_PROXY_HOPS=1): to the
 * address the test asks for in `x-cluster-client`, else the peer's. `x-cluster-target: <i>`
 * pins a request to instance i. A request that could not be connected to its instance (the
 * instance is down: nothing reached it) is retried once on the next one, and counted; any other
 * failure (a connection reset after the request was sent: it may have reached the database)
 * answers 502 and is never retried. Each answer says which instance gave it (`x-cluster-upstream`).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Proxy = {
  url: string;
  port: number;
  /** Requests retried on the other instance after a refused connection. */
  retries: number;
  /** Requests answered 502 (the instance failed after the request reached it, or both were down). */
  failed: number;
  /** Answers given by each instance. */
  served: number[];
  close: () => Promise<void>;
};

const RETRYABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH"]);

export async function startProxy(opts: { port: number; targets: number[] }): Promise<Proxy> {
  const agents = opts.targets.map(() => new http.Agent({ keepAlive: true, maxSockets: 256 }));
  let turn = 0;
  const state = { retries: 0, failed: 0, served: opts.targets.map(() => 0) };

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, index: number, retried: boolean) => {
    const headers = { ...req.headers };
    const client = headers["x-cluster-client"];
    delete headers["x-cluster-client"];
    delete headers["x-cluster-target"];
    headers["x-forwarded-for"] = typeof client === "string" && client ? client : (req.socket.remoteAddress ?? "127.0.0.1");
    const upstream = http.request(
      { host: "127.0.0.1", port: opts.targets[index], method: req.method, path: req.url, headers, agent: agents[index] },
      (answer) => {
        state.served[index]!++;
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, "x-cluster-upstream": String(index) });
        answer.pipe(res);
        answer.on("error", () => res.destroy());
      },
    );
    upstream.on("error", (err: NodeJS.ErrnoException) => {
      if (res.headersSent) return void res.destroy();
      if (!retried && RETRYABLE.has(err.code ?? "") && opts.targets.length > 1) {
        state.retries++;
        return forward(req, res, body, (index + 1) % opts.targets.length, true);
      }
      state.failed++;
      res.writeHead(502, { "content-type": "text/plain", "x-cluster-upstream": String(index), "x-cluster-error": err.code ?? "error" });
      res.end(`proxy: instance ${index} failed (${err.code ?? err.message})`);
    });
    upstream.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const pinned = Number(req.headers["x-cluster-target"]);
      const index = Number.isInteger(pinned) && pinned >= 0 && pinned < opts.targets.length ? pinned : turn++ % opts.targets.length;
      forward(req, res, Buffer.concat(chunks), index, false);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get retries() {
      return state.retries;
    },
    get failed() {
      return state.failed;
    },
    served: state.served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const a of agents) a.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
