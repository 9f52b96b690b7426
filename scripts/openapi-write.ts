/** `npm run api:types`: writes the OpenAPI document and the client's types to examples/api-client (see generate.ts there). */
import { writeFileSync } from "node:fs";
import { clientTypes, documentJson, GENERATED } from "@/examples/api-client/generate";

writeFileSync(GENERATED.json, documentJson());
writeFileSync(GENERATED.types, await clientTypes());
console.log(`wrote ${GENERATED.json} and ${GENERATED.types}`);
