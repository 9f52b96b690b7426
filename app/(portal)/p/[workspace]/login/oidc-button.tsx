import { Button } from "@/components/ui/button";
import { oidcSignInAction } from "../actions";

export function OidcButton({ workspace, label }: { workspace: string; label: string }) {
  return (
    <form action={oidcSignInAction}>
      <input type="hidden" name="workspace" value={workspace} />
      <Button type="submit" variant="secondary" className="w-full">
        {label}
      </Button>
    </form>
  );
}
