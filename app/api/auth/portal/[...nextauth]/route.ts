import { handlers } from "@/lib/auth/learner-auth";
import { withWellFormedCallback } from "../../well-formed";

export const GET = withWellFormedCallback(handlers.GET);
export const POST = withWellFormedCallback(handlers.POST);
