import { redirect } from "next/navigation";
import { currentAdmin } from "@/lib/auth/session";
import { needsSetup } from "@/lib/tenancy/workspaces";

export default async function Home() {
  if (await needsSetup()) redirect("/setup");
  redirect((await currentAdmin()) ? "/admin" : "/admin/login");
}
