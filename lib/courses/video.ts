/** How a lesson's video URL is shown: a privacy-friendly player for YouTube/Vimeo, a <video> for files, else a link. */
export type VideoEmbed = { kind: "iframe"; src: string } | { kind: "file"; src: string } | { kind: "link"; href: string };

export function videoEmbed(url: string | null): VideoEmbed | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return null;
  const host = u.hostname.replace(/^www\.|^m\./, "");
  const yt =
    host === "youtu.be" ? u.pathname.slice(1) : host === "youtube.com" ? (u.searchParams.get("v") ?? u.pathname.match(/^\/(?:embed|shorts)\/([\w-]+)/)?.[1]) : undefined;
  if (yt && /^[\w-]{6,20}$/.test(yt)) return { kind: "iframe", src: `https://www.youtube-nocookie.com/embed/${yt}` };
  const vimeo = host === "vimeo.com" ? u.pathname.match(/^\/(\d+)/)?.[1] : host === "player.vimeo.com" ? u.pathname.match(/^\/video\/(\d+)/)?.[1] : undefined;
  if (vimeo) return { kind: "iframe", src: `https://player.vimeo.com/video/${vimeo}` };
  if (/\.(mp4|webm|ogg|mov)$/i.test(u.pathname)) return { kind: "file", src: u.toString() };
  return { kind: "link", href: u.toString() };
}
