import { createPublicClient, http } from "viem";
import { expect, test } from "vitest";
import { createSafeSessionActivations } from "../../src/chain/createSafeSessionActivations";
import { createSafeSessionAdmin } from "../../src/chain/createSafeSessionAdmin";
import { sessionScopeFromJson } from "../../src/core/sessionScopeFromJson";
import { ChainUnavailableError } from "../../src/errors/ChainUnavailableError";
import { toErrorReply } from "../../src/server/toErrorReply";
import { createSafeSessionKeys } from "../../src/signer/wallets/createSafeSessionKeys";
import { freePort } from "../cli/helpers/cliProcess";
import { tempDir } from "../helpers/testWarden";

// Regression (i13w's report: "a request while the RPC is down returns a generic 500"): a Safe
// session request whose chain read fails is a 503 naming wallet.rpc_url, and leaves no key behind.
test("regression (safe session request with the RPC down answered 500): ChainUnavailableError, HTTP 503 with the fix, no session key left", async () => {
  const client = createPublicClient({ transport: http(`http://127.0.0.1:${await freePort()}`, { retryCount: 0, timeout: 1_000 }) });
  const safe = "0x00000000000000000000000000000000000000a1";
  const module = "0x00000000000000000000000000000000000000b2";
  const keys = createSafeSessionKeys({ dir: tempDir(), passphrase: "a passphrase for the admin test", scryptN: 2 ** 14 });
  const activations = createSafeSessionActivations({ client, module, safe, chainId: 137, pollIntervalMs: 60_000, maxStalenessMs: 60_000, now: Date.now });
  const admin = createSafeSessionAdmin({ safe, module, chainId: 137, maxOrderAgeSec: 600, keys, activations, client, kit: () => Promise.reject(new Error("not reached")), now: Date.now });
  const sessionId = `0x${"11".repeat(32)}` as const;
  const scope = sessionScopeFromJson({ strategy_id: "s", method_whitelist: ["CTFExchangeV2.matchOrders"], contract_allowlist: ["0xE111180000d2663C0091e4f400237545B87B996B"], max_per_call_size_micros: "100000000" });
  const failure = await admin.prepare({ sessionId, scope, validUntilSec: Math.floor(Date.now() / 1000) + 3600 }).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(ChainUnavailableError);
  const reply = toErrorReply(failure);
  expect(reply.status).toBe(503);
  expect(reply.body).toMatchObject({ error: "WARDEN_ERR_CHAIN_UNAVAILABLE", fix: [expect.stringContaining("wallet.rpc_url")] });
  expect(keys.get(sessionId)).toBeNull();
});
