import type { ServerResponse } from "node:http";
export declare function holdServerErrors(res: ServerResponse): void;
