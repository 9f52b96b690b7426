// While the database is down, a response that is about to be a 500 becomes the app's plain 503
// page (lib/http/unavailable.ts: self-contained HTML that works without JavaScript, with
// Retry-After) instead of Next's error shell. The 500 is held (status, headers, body) while the
// app pings the database; if the database answers, the held 500 goes out unchanged.
// Used by scripts/server.mjs on every request, before anything else wraps the response.

/** Wraps `res` so that a 500 written while the database is down goes out as the 503 page. */
export function holdServerErrors(res) {
  const { writeHead, write, end, flushHeaders } = res;
  let held = null;
  const restore = () => {
    res.writeHead = writeHead;
    res.write = write;
    res.end = end;
    res.flushHeaders = flushHeaders;
  };
  res.writeHead = function (status, ...rest) {
    // Once held, later calls (flushHeaders, the implicit header of a write) are part of the held answer.
    if (held) return this;
    if (status === 500 && typeof globalThis.__porticoDatabaseDown === "function") {
      held = { status, rest, chunks: [] };
      return this;
    }
    return writeHead.call(this, status, ...rest);
  };
  res.flushHeaders = function () {
    if (!held && !this.headersSent && this.statusCode === 500) this.writeHead(500);
    if (!held) return flushHeaders.call(this);
  };
  res.write = function (chunk, ...args) {
    if (!held && !this.headersSent && this.statusCode === 500) this.writeHead(500);
    if (!held) return write.call(this, chunk, ...args);
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") held.chunks.push(chunk);
    const done = args.find((a) => typeof a === "function");
    if (done) queueMicrotask(done);
    return true;
  };
  res.end = function (chunk, ...args) {
    if (!held && !this.headersSent && this.statusCode === 500) this.writeHead(500);
    if (!held) return end.call(this, chunk, ...args);
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") held.chunks.push(chunk);
    const h = held;
    const release = (down) => {
      restore();
      if (this.destroyed) return;
      if (down && !this.headersSent) {
        for (const name of this.getHeaderNames()) if (name !== "x-request-id") this.removeHeader(name);
        const page = globalThis.__porticoUnavailablePage?.() ?? "Temporarily unavailable. Please try again in a minute.";
        writeHead.call(this, 503, { "content-type": "text/html; charset=utf-8", "retry-after": "15", "cache-control": "no-store", "content-length": Buffer.byteLength(page) });
        end.call(this, this.req?.method === "HEAD" ? undefined : page);
        return;
      }
      if (!this.headersSent) writeHead.call(this, h.status, ...h.rest);
      for (const c of h.chunks) write.call(this, c);
      end.call(this);
    };
    Promise.resolve()
      .then(() => globalThis.__porticoDatabaseDown())
      .then(release, () => release(false));
    return this;
  };
}
