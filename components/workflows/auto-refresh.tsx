"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Refreshes the page's server data every `ms` while a run is moving on its own (queued, running). */
export function AutoRefresh({ ms = 1500 }: { ms?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), ms);
    return () => clearInterval(timer);
  }, [router, ms]);
  return null;
}
