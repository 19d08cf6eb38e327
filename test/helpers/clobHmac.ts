import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

// clob-client-v2 exports createL2Headers but not the HMAC itself; load the published file.
const require = createRequire(import.meta.url);
const clobDist = dirname(require.resolve("@polymarket/clob-client-v2"));

/** `@polymarket/clob-client-v2`'s own `buildPolyHmacSignature` (the reference implementation). */
export const { buildPolyHmacSignature } = (await import(pathToFileURL(join(clobDist, "signing", "hmac.js")).href)) as {
  buildPolyHmacSignature: (secret: string, timestamp: number, method: string, requestPath: string, body?: string) => Promise<string>;
};
