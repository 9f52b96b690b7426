"use client";
import { X } from "lucide-react";
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from "react";

type Toast = { id: number; message: string };
const ToastContext = createContext<((message: string) => void) | null>(null);

/** Success toasts: bottom right, announced politely, gone after 6 seconds or when closed. */
export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(0);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const push = useCallback(
    (message: string) => {
      const id = ++next.current;
      setToasts((t) => [...t.slice(-2), { id, message }]);
      setTimeout(() => dismiss(id), 6000);
    },
    [dismiss],
  );
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div role="region" aria-label="Notifications" className="pointer-events-none fixed right-4 bottom-4 left-4 z-[60] flex flex-col items-end gap-2 sm:left-auto">
        {toasts.map((t) => (
          <div key={t.id} role="status" className="pointer-events-auto flex max-w-sm items-start gap-3 rounded-lg border border-emerald-200 bg-white px-4 py-3 text-sm text-zinc-900 shadow-lg" data-testid="toast">
            <span className="mt-1 size-2 shrink-0 rounded-full bg-emerald-500" aria-hidden />
            <span className="flex-1">{t.message}</span>
            <button type="button" onClick={() => dismiss(t.id)} className="rounded p-0.5 text-zinc-500 hover:bg-zinc-100" aria-label="Dismiss">
              <X className="size-4" aria-hidden />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** The toaster of the page, or null outside one (the portal): callers then show the message inline. */
export const useToast = () => useContext(ToastContext);
