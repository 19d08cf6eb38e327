import { Writable } from "node:stream";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { createWarden } from "../../src/createWarden";
import { createLogger } from "../../src/log/createLogger";
import { decryptKeystore } from "../../src/signer/decryptKeystore";
import { encryptKeystore } from "../../src/signer/encryptKeystore";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { WalletKey } from "../../src/signer/WalletKey";
import { EXCHANGE_V2, grant, orderTypedData, roomyRisk, tempDir } from "../helpers/testWarden";

const PK = "0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f" as const;
const PASSPHRASE = "correct horse battery staple 42";

describe("secrets never reach logs, errors or the audit log (G14)", () => {
  test("a full session lifecycle at trace level leaks no key, passphrase or credential", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => { lines.push(String(chunk)); cb(); } });
    const logger = createLogger({ level: "trace", destination: sink });
    const keystore = encryptKeystore({ key: WalletKey.fromPrivateKey(PK), passphrase: PASSPHRASE, scryptN: 16384 });
    const wallet = decryptKeystore({ keystore, passphrase: PASSPHRASE });
    const warden = await createWarden({ wallet, logger, config: { ...roomyRisk, store: { path: `${tempDir()}/w.db`, synchronous: "NORMAL" }, log: { level: "trace" } } });
    const owner = privateKeyToAccount(PK);
    const errors: unknown[] = [];
    const attempt = async (p: Promise<unknown>) => p.catch((e) => errors.push(e));

    const s = await grant(warden, owner);
    const account = toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" });
    await account.signTypedData(orderTypedData(owner.address) as never);
    await attempt(account.signMessage({ message: "hi" }));
    await attempt(account.signTypedData(orderTypedData(owner.address, { makerAmount: "5000000000" }) as never));
    await attempt(toSessionAccount({ warden, credential: `${s.credential}x`, strategyId: "nba-mm" }).signTypedData(orderTypedData(owner.address) as never));
    await attempt(toSessionAccount({ warden, credential: s.credential, strategyId: "other" }).signTypedData(orderTypedData(owner.address) as never));
    await attempt(Promise.resolve().then(() => decryptKeystore({ keystore, passphrase: `${PASSPHRASE}!` })));
    await attempt(Promise.resolve().then(() => WalletKey.fromPrivateKey(`${PK.slice(0, 64)}zz` as `0x${string}`)));
    logger.info({ credential: s.credential, passphrase: PASSPHRASE, privateKey: PK, nested: { secret: PK } }, "a careless caller");
    await warden.armKillSwitch({ scope: "global", actor: "risk", reason: "test" });
    await attempt(account.signTypedData(orderTypedData(owner.address, { exchange: EXCHANGE_V2, salt: "9" }) as never));
    await new Promise((r) => setTimeout(r, 50));

    const audit = warden.store.readAudit(1, 1000).map((r) => r.payload_json).join("\n");
    const errorText = errors.map((e) => `${String(e)} ${JSON.stringify(e)} ${(e as Error).stack ?? ""}`).join("\n");
    expect(lines.length).toBeGreaterThan(5);
    expect(errors.length).toBe(7);
    for (const [label, haystack] of [["logs", lines.join("")], ["errors", errorText], ["audit", audit]] as const) {
      for (const secret of [PK.slice(2), PASSPHRASE, s.credential, s.credential.slice(4)]) {
        expect(haystack.includes(secret), `${label} contain a secret`).toBe(false);
      }
    }
    await warden.close();
  });
});
