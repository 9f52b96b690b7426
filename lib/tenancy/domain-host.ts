import { headers } from "next/headers";

/**
 * The Host header of the request being served. Outside any request (Vitest calling a route
 * handler or domain function directly, scripts, the worker) there is no host: null, which the
 * workspace lookup treats as Portico's own address. Any other failure of headers() (such as
 * Next interrupting a static render) is Next's to handle and goes on up.
 */
export async function requestHost(): Promise<string | null> {
  try {
    return (await headers()).get("host");
  } catch (err) {
    if (err instanceof Error && err.message.includes("outside a request scope")) return null;
    throw err;
  }
}
