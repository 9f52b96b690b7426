import { handlers } from "@/lib/auth/admin-auth";

export const { GET, POST } = handlers;
