import { dbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";

const handle = dbHandle();
await migrate(handle);
console.log(`[portico] migrations applied (${handle.kind})`);
await handle.close();
