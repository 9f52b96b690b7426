/** A multipart request's form, read with a byte limit counted as the body streams in. */

/** `"too_large"` past `maxBytes` (from Content-Length, or once that many bytes arrived); null when it is not a readable form. */
export async function readFormWithin(request: Request, maxBytes: number): Promise<FormData | "too_large" | null> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (declared > maxBytes) return "too_large";
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data") || !request.body) return null;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return "too_large";
    }
    chunks.push(value);
  }
  try {
    return await new Response(Buffer.concat(chunks), { headers: { "content-type": type } }).formData();
  } catch {
    return null;
  }
}
