"use client";
import { useState, type ReactNode } from "react";

/**
 * An admin-provided image (a course cover) that shows `fallback` instead of the browser's
 * broken-image icon when it cannot be loaded, including when it failed before hydration.
 */
export function CoverImage({ src, alt = "", className, fallback, onFail }: { src: string | null; alt?: string; className?: string; fallback: ReactNode; onFail?: ReactNode }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (!src) return fallback;
  if (failed === src) return <>{fallback}{onFail}</>;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- an admin-provided URL of any host
    <img
      src={src}
      alt={alt}
      className={className}
      onError={() => setFailed(src)}
      // An error before hydration fired no handler: the image is then complete but empty.
      ref={(img) => {
        if (img?.complete && img.naturalWidth === 0 && img.naturalHeight === 0) setFailed(src);
      }}
    />
  );
}
