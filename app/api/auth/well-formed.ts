/**
 * Auth.js treats a callback URL it cannot parse (`?callbackUrl=` or its callback-url cookie)
 * as a configuration error and answers 500. Such a request is malformed, not a server fault:
 * both Auth.js routes refuse it with a 400 before Auth.js reads it.
 */
import type { NextRequest } from "next/server";

/** As Auth.js checks it: an absolute http(s) URL, or a path on this origin. */
function isHttpUrl(value: string, origin: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? origin : undefined).protocol);
  } catch {
    return false;
  }
}

export function withWellFormedCallback<H extends (request: NextRequest) => Promise<Response>>(handler: H): H {
  return (async (request: NextRequest) => {
    const callbacks = [
      ...request.nextUrl.searchParams.getAll("callbackUrl"),
      ...request.cookies.getAll().flatMap((c) => (c.name.endsWith("authjs.callback-url") ? [c.value] : [])),
    ];
    if (callbacks.some((url) => !isHttpUrl(url, request.nextUrl.origin))) return Response.json({ message: "Bad request." }, { status: 400 });
    return handler(request);
  }) as H;
}
