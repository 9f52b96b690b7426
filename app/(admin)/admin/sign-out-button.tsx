import { Button } from "@/components/ui/button";
import { adminSignOutAction } from "./actions";

export function SignOutButton() {
  return (
    <form action={adminSignOutAction}>
      <Button type="submit" variant="ghost" size="sm">
        Sign out
      </Button>
    </form>
  );
}
