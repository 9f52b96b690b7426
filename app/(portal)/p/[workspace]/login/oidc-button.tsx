import { Button } from "@/components/ui/button";
import { oidcSignInAction } from "../actions";

/** "Continue with …": the destination the learner was going to (`next`) goes along to the provider and back. */
export function OidcButton({ workspace, label, next }: { workspace: string; label: string; next: string | null }) {
  return (
    <form action={oidcSignInAction}>
      <input type="hidden" name="workspace" value={workspace} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Button type="submit" variant="secondary" className="w-full">
        {label}
      </Button>
    </form>
  );
}
