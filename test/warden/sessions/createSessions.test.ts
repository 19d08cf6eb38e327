import { join } from "node:path";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseConfig } from "../../../src/config/parseConfig";
import type { WardenConfigInput } from "../../../src/config/wardenConfigSchema";
import { SessionGrantError } from "../../../src/errors/SessionGrantError";
import { WalletKey } from "../../../src/signer/WalletKey";
import { initRedisStore } from "../../../src/store/redis/initRedisStore";
import { createWarden } from "../../../src/warden/createWarden";
import { type RedisServer, startRedisServer } from "../../store/redis/redisServer";
import { roomyRisk, tempDir } from "../../helpers/testWarden";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const T0 = 1_790_000_000_000;
const TTL_S = 60;

/** A Warden on a clock the test moves, on the given store kind, with a 60 s grant TTL. */
async function wardenOn(kind: "embedded" | "redis", sessions: WardenConfigInput["sessions"] = {}) {
  const pk = generatePrivateKey();
  const owner = privateKeyToAccount(pk);
  let store: WardenConfigInput["store"] = { path: join(tempDir(), "w.db"), synchronous: "NORMAL" };
  if (kind === "redis") {
    await initRedisStore({ url: redis.url, chainId: 137, wallet: owner.address, mode: "new", actor: "test", reason: "pending grants" });
    store = { kind: "redis", url: redis.url, redis: { command_timeout_ms: 1_000 } };
  }
  const clock = { now: T0 };
  const warden = await createWarden({
    wallet: WalletKey.fromPrivateKey(pk),
    config: { ...roomyRisk, store, log: { level: "silent" }, sessions: { grant_request_ttl_s: TTL_S, ...sessions } },
    now: () => clock.now,
  });
  const held = async (ids: Hex[]) => (await Promise.all(ids.map((id) => warden.store.getPendingGrant(id)))).filter((g) => g !== undefined).length;
  return { warden, owner, clock, held };
}

describe.each(["embedded", "redis"] as const)("pending grants expire and are pruned (%s store)", (kind) => {
  test("regression (issue 15: pending grants were never pruned): 400 requests over 4,000 s leave only those of the last two TTLs held, under a cap far below 400", async () => {
    const { warden, clock, held } = await wardenOn(kind, { max_pending_grants: 20 });
    const ids: Hex[] = [];
    for (let i = 0; i < 400; i++) {
      ids.push((await warden.requestSession({ strategy_id: `s${i}` })).grant_id);
      clock.now += 10_000;
    }
    // Every request was accepted (the cap of 20 never bit: expired grants made room), and what is
    // held is bounded by the TTL: a grant is pruned a TTL after it expires, 2 × 60 s / 10 s ≈ 12.
    const stillHeld = await held(ids);
    expect(stillHeld).toBeGreaterThan(0);
    expect(stillHeld).toBeLessThanOrEqual(13);
    expect(await held(ids.slice(0, 380))).toBe(0);
    expect(await held(ids.slice(-6))).toBe(6);
    await warden.close();
  });

  test("an expired grant is refused with its reason: grant_request_expired for a TTL after expiry, then unknown_grant (pruned), whose fix says so", async () => {
    const { warden, owner, clock } = await wardenOn(kind);
    const late = await warden.requestSession({ strategy_id: "late" });
    const signature = await owner.signTypedData(late.typed_data);
    clock.now += TTL_S * 1000 + 1;
    // Another request prunes only what expired a TTL ago: this one is still held, and refused as expired.
    await warden.requestSession({ strategy_id: "other" });
    await expect(warden.grantSession({ grant_id: late.grant_id, signature })).rejects.toMatchObject({ reason: "grant_request_expired", reasonCode: "SESSION_GRANT_INVALID" });
    clock.now += TTL_S * 1000;
    await warden.requestSession({ strategy_id: "pruner" });
    expect(await warden.store.getPendingGrant(late.grant_id)).toBeUndefined();
    const e = (await warden.grantSession({ grant_id: late.grant_id, signature }).catch((x: unknown) => x)) as SessionGrantError;
    expect(e).toBeInstanceOf(SessionGrantError);
    expect(e).toMatchObject({ reason: "unknown_grant", reasonCode: "SESSION_GRANT_INVALID" });
    expect(e.metaMessages?.[0]).toContain("expired and pruned");
    expect(await warden.listSessions()).toEqual([]);
    await warden.close();
  });

  test("at sessions.max_pending_grants a request is refused (too_many_pending_grants, nothing audited); once the oldest can be pruned it is accepted", async () => {
    const { warden, clock } = await wardenOn(kind, { max_pending_grants: 3 });
    for (let i = 0; i < 3; i++) await warden.requestSession({ strategy_id: `s${i}` });
    const refused = (await warden.requestSession({ strategy_id: "s3" }).catch((x: unknown) => x)) as SessionGrantError;
    expect(refused).toMatchObject({ reason: "too_many_pending_grants", reasonCode: "SESSION_GRANT_INVALID" });
    expect(refused.metaMessages?.[0]).toMatch(/^sessions\.max_pending_grants SessionGrants are waiting/);
    expect((await warden.store.readAuditOfKind("grant_requested")).length).toBe(3);
    clock.now += 2 * TTL_S * 1000 + 1;
    await expect(warden.requestSession({ strategy_id: "s3" })).resolves.toMatchObject({ grant_id: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    await warden.close();
  });
});

describe("sessions.max_pending_grants", () => {
  test.each([
    [0, "sessions.max_pending_grants must be at least 1"],
    [1.5, "sessions.max_pending_grants must be a whole number"],
    [1_000_000, "sessions.max_pending_grants must be at most 100000"],
  ])("%j is refused naming the field and the fix", (value, message) => {
    expect(() => parseConfig({ sessions: { max_pending_grants: value } })).toThrow(message);
  });
  test("defaults to 1000, with the 600 s grant TTL", () => {
    expect(parseConfig({}).sessions).toMatchObject({ max_pending_grants: 1000, grant_request_ttl_s: 600 });
  });
});
