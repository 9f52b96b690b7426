/**
 * Two production app instances (scripts/server.mjs from the build in .next, PORTICO_WORKER=off)
 * and two separate workers (scripts/worker.ts) on one PostgreSQL database, behind the
 * round-robin proxy, sending through a fake Resend. Every process shares one AUTH_SECRET and
 * trusts one proxy hop; APP_URL is the proxy's URL, the address a browser would use.
 * Processes are started with test/system/harness.ts (its output is kept; SYSTEM_TEST_VERBOSE=1 prints it).
 */
import { startServer, startWorker, requireBuild, type Proc } from "@/test/system/harness";
import { startProxy, type Proxy } from "./proxy";

export type { Proc };

export type Cluster = {
  proxy: Proxy;
  apps: Proc[];
  workers: Proc[];
  env: Record<string, string>;
  /** SIGKILL, and wait for the exit. */
  kill: (p: Proc) => Promise<void>;
  /** A new app instance in slot i (same port), ready. */
  restartApp: (i: number) => Promise<Proc>;
  /** Another worker, added to `workers`. */
  addWorker: () => Proc;
  stop: () => Promise<void>;
};

export type ClusterOptions = {
  databaseUrl: string;
  authSecret: string;
  resendUrl: string;
  proxyPort: number;
  appPorts: number[];
  workers: number;
  env?: Record<string, string>;
};

export const alive = (p: Proc) => p.child.exitCode === null && p.child.signalCode === null;

async function kill(p: Proc, signal: NodeJS.Signals = "SIGKILL") {
  if (!alive(p)) return;
  p.kill(signal);
  await p.exited;
}

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const proxy = await startProxy({ port: o.proxyPort, targets: o.appPorts });
  const env: Record<string, string> = {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: o.databaseUrl,
    AUTH_SECRET: o.authSecret,
    APP_URL: proxy.url,
    TRUST_PROXY_HOPS: "1",
    PORTICO_WORKER: "off",
    RESEND_API_KEY: "re_cluster",
    RESEND_BASE_URL: o.resendUrl,
    LOG_LINKS: "false",
    ...o.env,
  };
  requireBuild();
  const app = (port: number) => startServer({ port, env });
  const apps = o.appPorts.map(app);
  const workers = Array.from({ length: o.workers }, () => startWorker({ env }));
  const cluster: Cluster = {
    proxy,
    apps,
    workers,
    env,
    kill: (p) => kill(p),
    restartApp: async (i) => {
      await kill(cluster.apps[i]!);
      cluster.apps[i] = app(o.appPorts[i]!);
      await cluster.apps[i]!.ready();
      return cluster.apps[i]!;
    },
    addWorker: () => {
      const w = startWorker({ env });
      cluster.workers.push(w);
      return w;
    },
    stop: async () => {
      await Promise.all([...cluster.apps, ...cluster.workers].map((p) => kill(p)));
      await proxy.close();
    },
  };
  try {
    await Promise.all(apps.map((a) => a.ready()));
    await Promise.all(workers.map((w) => w.waitFor(/running/)));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}
