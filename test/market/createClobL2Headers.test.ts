import { createL2Headers } from "@polymarket/clob-client-v2";
import fc from "fast-check";
import { createWalletClient, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { polygon } from "viem/chains";
import { describe, expect, test } from "vitest";
import { createClobL2Headers } from "../../src/market/createClobL2Headers";
import { buildPolyHmacSignature } from "../helpers/clobHmac";

const account = privateKeyToAccount(generatePrivateKey());
// Never used for I/O: createL2Headers only reads the account's address.
const signer = createWalletClient({ account, chain: polygon, transport: http("http://127.0.0.1:9") });
const ORDER = `/data/order/0x${"ab".repeat(32)}`;

const creds = {
  key: "f4f247b7-4ac7-ff29-a152-04fda0a8755a",
  secret: Buffer.from("a 32-byte HMAC secret for tests!").toString("base64url"),
  passphrase: "4f2c9d0e1b7a8f6e5d4c3b2a19080706",
};

describe("createClobL2Headers equals @polymarket/clob-client-v2's createL2Headers", () => {
  test("GET /data/order/{id}: all five headers, byte for byte", async () => {
    const timestampS = 1_767_225_600;
    const theirs = await createL2Headers(signer, creds, { method: "GET", requestPath: ORDER }, timestampS);
    const ours = createClobL2Headers({ credentials: creds, address: account.address.toLowerCase(), method: "GET", requestPath: ORDER, timestampS });
    expect(ours).toEqual(theirs);
  });

  test("a body is signed after the path (DELETE /order)", async () => {
    const body = JSON.stringify({ orderID: `0x${"cd".repeat(32)}` });
    const theirs = await createL2Headers(signer, creds, { method: "DELETE", requestPath: "/order", body }, 1_700_000_000);
    expect(createClobL2Headers({ credentials: creds, address: account.address, method: "DELETE", requestPath: "/order", body, timestampS: 1_700_000_000 })).toEqual(theirs);
  });

  test("random secrets (base64 and base64url, padded or not), paths, bodies and timestamps: the same signature", async () => {
    const secretArb = fc.uint8Array({ minLength: 16, maxLength: 64 }).chain((bytes) =>
      fc.constantFrom(
        Buffer.from(bytes).toString("base64"),
        Buffer.from(bytes).toString("base64url"),
        Buffer.from(bytes).toString("base64").replace(/=+$/, ""),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        secretArb,
        fc.integer({ min: 0, max: 4_102_444_800 }),
        fc.constantFrom("GET", "POST", "DELETE") as fc.Arbitrary<"GET" | "POST" | "DELETE">,
        fc.string({ unit: "grapheme-ascii", maxLength: 80 }).map((p) => `/${p}`),
        fc.option(fc.string({ unit: "grapheme", maxLength: 200 }), { nil: undefined }),
        async (secret, timestampS, method, requestPath, body) => {
          const ours = createClobL2Headers({ credentials: { ...creds, secret }, address: account.address, method, requestPath, timestampS, ...(body === undefined ? {} : { body }) });
          expect(ours.POLY_SIGNATURE).toBe(await buildPolyHmacSignature(secret, timestampS, method, requestPath, body));
        },
      ),
      { numRuns: 500 },
    );
  });
});
