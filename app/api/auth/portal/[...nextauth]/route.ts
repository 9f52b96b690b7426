import { handlers } from "@/lib/auth/learner-auth";

export const { GET, POST } = handlers;
