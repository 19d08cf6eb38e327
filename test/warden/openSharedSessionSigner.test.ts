import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLogger } from "../../src/log/createLogger";
import { createKeySealer } from "../../src/signer/createKeySealer";
import { WalletKey } from "../../src/signer/WalletKey";
import { createRedisStore } from "../../src/store/redis/createRedisStore";
import { initRedisStore } from "../../src/store/redis/initRedisStore";
import { DEPOSIT_WALLET_SIGNER_KEY, openSharedSessionSigner } from "../../src/warden/openSharedSessionSigner";
import { freshWallet } from "../store/redis/redisFixture";
import { type RedisServer, startRedisServer } from "../store/redis/redisServer";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const PK = `0x${randomBytes(32).toString("hex")}` as const;
const kek = randomBytes(32);

async function world() {
  const wallet = freshWallet();
  await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "new", actor: "test", reason: "shared signer" });
  const lines: string[] = [];
  const logger = createLogger({ level: "trace", destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) });
  const open = () => createRedisStore({ url: redis.url, chainId: 137, wallet, commandTimeoutMs: 1_000, logger });
  return { wallet, lines, logger, open };
}

describe("openSharedSessionSigner: the deposit wallet's session signer, one for every instance", () => {
  test("instances racing on an empty store all end with the one signer that was put first", async () => {
    const { wallet, logger, open } = await world();
    const stores = await Promise.all(Array.from({ length: 6 }, open));
    const sealer = createKeySealer({ kek });
    const results = await Promise.all(stores.map((store) => openSharedSessionSigner({ store, sealer, chainId: 137, wallet, localKey: () => null, logger })));
    expect(new Set(results.map((r) => r.key.address)).size).toBe(1);
    expect(results.filter((r) => r.source === "created")).toHaveLength(1);
    expect(results.filter((r) => r.source === "store")).toHaveLength(5);
    await Promise.all(stores.map((s) => s.close()));
  });

  test("this machine's keystore key is sealed as the shared signer when the store holds none; later instances take it, not their own", async () => {
    const { wallet, logger, open } = await world();
    const sealer = createKeySealer({ kek });
    const local = WalletKey.fromPrivateKey(PK);
    const first = await open();
    expect(await openSharedSessionSigner({ store: first, sealer, chainId: 137, wallet, localKey: () => local, logger })).toMatchObject({ source: "local_keystore", key: { address: local.address } });
    await first.close();
    const second = await open();
    const other = WalletKey.fromBytes(randomBytes(32));
    expect(await openSharedSessionSigner({ store: second, sealer, chainId: 137, wallet, localKey: () => other, logger })).toMatchObject({ source: "store", key: { address: local.address } });
    await second.close();
  });

  test("neither the key nor the KEK reaches the logs, the errors, the audit log or Redis (wrong KEK included)", async () => {
    const { wallet, lines, logger, open } = await world();
    const store = await open();
    const local = WalletKey.fromPrivateKey(PK);
    await openSharedSessionSigner({ store, sealer: createKeySealer({ kek }), chainId: 137, wallet, localKey: () => local, logger });
    const wrongKek = randomBytes(32);
    const error = await openSharedSessionSigner({ store, sealer: createKeySealer({ kek: wrongKek }), chainId: 137, wallet, localKey: () => null, logger }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("does not open with this key-encryption key");
    // The sealed blob is no copy of the key under another name either.
    const moved = await store.putSealedKey("elsewhere", (await store.getSealedKey(DEPOSIT_WALLET_SIGNER_KEY)) as string);
    await expect(Promise.resolve().then(() => createKeySealer({ kek }).open(moved, { chainId: 137, wallet, name: "elsewhere" }))).rejects.toThrow(/moved or altered/);
    const audit = (await store.readAudit(1, 1000)).map((r) => r.payload_json).join("\n");
    const dump = JSON.stringify(await redis.admin.hgetall((await redis.admin.keys(`*${wallet.toLowerCase()}*:sealed`))[0] as string));
    await store.close();
    const errorText = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ""}`;
    expect(lines.join("").toLowerCase()).toContain(local.address);
    for (const [where, haystack] of [["logs", lines.join("")], ["errors", errorText], ["audit", audit], ["redis", dump]] as const)
      for (const secret of [PK.slice(2), kek.toString("hex"), kek.toString("base64"), wrongKek.toString("hex")]) expect(haystack.includes(secret), `${where} leaks a secret`).toBe(false);
  });
});
