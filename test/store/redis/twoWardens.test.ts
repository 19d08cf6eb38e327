import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { SigningDeniedError } from "../../../src/errors/SigningDeniedError";
import { toSessionAccount } from "../../../src/signer/toSessionAccount";
import { WalletKey } from "../../../src/signer/WalletKey";
import { initRedisStore } from "../../../src/store/redis/initRedisStore";
import { createWarden } from "../../../src/warden/createWarden";
import { grant, orderTypedData, roomyRisk } from "../../helpers/testWarden";
import { type RedisServer, startRedisServer } from "./redisServer";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const reasonOf = async (p: Promise<unknown>) => p.then(() => "signed", (e: unknown) => (e as SigningDeniedError).vote?.reason_code ?? String(e));

describe("two Wardens for one wallet on one Redis behave as one", () => {
  test("a session granted on A signs on B; a duplicate gets the same signature on either; the budget is shared; a kill on A denies on B", async () => {
    const pk = generatePrivateKey();
    const owner = privateKeyToAccount(pk);
    await initRedisStore({ url: redis.url, chainId: 137, wallet: owner.address, mode: "new", actor: "test", reason: "two wardens" });
    const config = { ...roomyRisk, store: { kind: "redis" as const, url: redis.url, redis: { command_timeout_ms: 1_000 } }, log: { level: "silent" as const } };
    const a = await createWarden({ wallet: WalletKey.fromPrivateKey(pk), config });
    const b = await createWarden({ wallet: WalletKey.fromPrivateKey(pk), config });
    const s = await grant(a, owner, { max_calls_per_session: 5 });
    const onA = toSessionAccount({ warden: a, credential: s.credential, strategyId: "nba-mm" });
    const onB = toSessionAccount({ warden: b, credential: s.credential, strategyId: "nba-mm" });

    const order = orderTypedData(owner.address, { salt: "1" }) as never;
    const first = await onB.signTypedData(order);
    expect(await onA.signTypedData(order)).toBe(first);
    expect(await onB.signTypedData(order)).toBe(first);
    // Four more calls of the budget of five, spread over both; then both refuse.
    for (let i = 2; i <= 5; i++) await (i % 2 ? onA : onB).signTypedData(orderTypedData(owner.address, { salt: String(i) }) as never);
    expect(await reasonOf(onA.signTypedData(orderTypedData(owner.address, { salt: "6" }) as never))).toBe("SESSION_KEY_EXPIRED");
    expect(await reasonOf(onB.signTypedData(orderTypedData(owner.address, { salt: "7" }) as never))).toBe("SESSION_KEY_EXPIRED");
    expect((await b.getSession(s.session_id))?.calls_used).toBe(5);
    // Both count the same open orders as exposure.
    expect((await a.listOpenOrders()).length).toBe(5);
    expect((await b.listOpenOrders()).length).toBe(5);

    const s2 = await grant(b, owner, { max_calls_per_session: 100 });
    const s2OnB = toSessionAccount({ warden: b, credential: s2.credential, strategyId: "nba-mm" });
    await s2OnB.signTypedData(orderTypedData(owner.address, { salt: "8" }) as never);
    await a.armKillSwitch({ scope: "global", actor: "risk", reason: "test" });
    expect(await reasonOf(s2OnB.signTypedData(orderTypedData(owner.address, { salt: "9" }) as never))).toBe("KILL_SWITCH_ACTIVE");
    const [va, vb] = await Promise.all([a.verifyAudit(), b.verifyAudit()]);
    expect(va).toMatchObject({ ok: true });
    expect(vb).toEqual(va);
    await a.close();
    await b.close();
  });

  test("Warden refuses to start on a Redis that holds no store for its wallet, naming the fix", async () => {
    const pk = generatePrivateKey();
    await expect(
      createWarden({ wallet: WalletKey.fromPrivateKey(pk), config: { ...roomyRisk, store: { kind: "redis", url: redis.url }, log: { level: "silent" } } }),
    ).rejects.toThrow(/warden store init/);
  });
});
