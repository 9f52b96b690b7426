import { endPreviewAction } from "@/app/(portal)/p/[workspace]/actions";
import { LocalTime } from "@/components/ui/local-time";

/** Shown on every portal page during an admin's "Preview as learner": in the page's flow, above it (it pushes the page down and never covers the menu). */
export function PreviewBanner({ workspace, name, until }: { workspace: string; name: string; until: Date }) {
  return (
    <div role="region" aria-label="Preview" className="relative flex flex-wrap items-center justify-center gap-x-4 gap-y-1 bg-amber-300 px-4 py-2 text-sm text-amber-950" data-testid="preview-banner">
      <span>
        <strong>Preview:</strong> you are seeing the portal as {name}. Nothing can be changed in their name. Ends <LocalTime at={until} />.
      </span>
      <form action={endPreviewAction}>
        <input type="hidden" name="workspace" value={workspace} />
        <button type="submit" className="rounded-md bg-amber-950 px-3 py-1 font-medium text-amber-50 hover:bg-amber-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-950">
          End preview
        </button>
      </form>
    </div>
  );
}
