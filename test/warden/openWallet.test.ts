import { describe, expect, test } from "vitest";
import { getAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { depositWalletAddresses } from "../../src/chain/depositWalletAddresses";
import { SigningDeniedError } from "../../src/errors/SigningDeniedError";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { WalletKey } from "../../src/signer/WalletKey";
import { createWarden } from "../../src/warden/createWarden";
import { grant, roomyRisk, tempDir } from "../helpers/testWarden";

const ownerKey = generatePrivateKey();
const owner = privateKeyToAccount(ownerKey);
const derived = depositWalletAddresses({ owner: owner.address });
const config = (wallet: Record<string, unknown>) => ({
  ...roomyRisk,
  store: { path: `${tempDir()}/w.db`, synchronous: "NORMAL" as const },
  log: { level: "silent" as const },
  sessions: { allow_clob_auth: true },
  // Nothing listens on port 9: every read fails at once.
  wallet: { mode: "deposit-wallet", owner: owner.address, deposit_wallet: derived.beacon, rpc_url: "http://127.0.0.1:9", ...wallet },
});

describe("opening a deposit wallet", () => {
  test("refuses a wallet that is not the owner's by the factory's derivation, naming both candidates", async () => {
    const other = depositWalletAddresses({ owner: privateKeyToAccount(generatePrivateKey()).address }).beacon;
    await expect(createWarden({ wallet: WalletKey.fromPrivateKey(generatePrivateKey()), config: config({ deposit_wallet: other }) as never })).rejects.toThrow(
      `✖ wallet.deposit_wallet ${getAddress(other)} is not the deposit wallet of wallet.owner ${owner.address}: the factory derives ${getAddress(derived.beacon)} (beacon) or ${getAddress(derived.uups)} (UUPS); fix wallet.owner or wallet.deposit_wallet`,
    );
  });

  test("accepts either derivation (beacon or UUPS)", async () => {
    const w = await createWarden({ wallet: WalletKey.fromPrivateKey(generatePrivateKey()), config: config({ deposit_wallet: derived.uups }) as never });
    expect(w.walletAddress).toBe(getAddress(derived.uups));
    await w.close();
  });

  test("refuses the owner's own key as the session signer", async () => {
    await expect(createWarden({ wallet: WalletKey.fromPrivateKey(ownerKey), config: config({}) as never })).rejects.toThrow(
      "✖ .warden/session-signer.json holds the owner's key; Warden holds only a session signer: move the owner key out and let Warden create a new session-signer keystore",
    );
  });

  test("with the RPC unreachable from the start, Warden runs and denies every signature with WALLET_SESSION_SIGNER_DATA_UNAVAILABLE", async () => {
    const w = await createWarden({ wallet: WalletKey.fromPrivateKey(generatePrivateKey()), config: config({}) as never });
    const s = await grant(w, owner, { method_whitelist: ["CTFExchangeV2.matchOrders", "ClobAuth.sign"] });
    const account = toSessionAccount({ warden: w, credential: s.credential, strategyId: "nba-mm" });
    const e = await account.signMessage({ message: "x" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SigningDeniedError);
    const order = await account
      .signTypedData({
        domain: { name: "ClobAuthDomain", version: "1", chainId: 137 },
        types: { ClobAuth: [{ name: "address", type: "address" }, { name: "timestamp", type: "string" }, { name: "nonce", type: "uint256" }, { name: "message", type: "string" }] },
        primaryType: "ClobAuth",
        message: { address: account.address, timestamp: String(Math.floor(Date.now() / 1000)), nonce: 0n, message: "This message attests that I control the given wallet" },
      })
      .catch((x: unknown) => x);
    expect((order as SigningDeniedError).vote).toMatchObject({ bot_id: "warden.wallet", reason_code: "WALLET_SESSION_SIGNER_DATA_UNAVAILABLE", evidence: { problem: "never_read" } });
    await w.close();
  });
});
