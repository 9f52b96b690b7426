"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-renders the page every second while emails of the bulk send are still queued. */
export function LiveRefresh({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 1000);
    return () => clearInterval(timer);
  }, [active, router]);
  return null;
}
