import fc from "fast-check";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { KillSwitchRecord } from "../../../src/core/SessionRecord";
import { createRedisStore, type RedisStore } from "../../../src/store/redis/createRedisStore";
import { initRedisStore } from "../../../src/store/redis/initRedisStore";
import { T0 } from "../../helpers/guardFixtures";
import { audit } from "../storeFixtures";
import { freshWallet } from "./redisFixture";
import { type RedisServer, startRedisServer } from "./redisServer";
import { decide, seedSession } from "./redisTestKit";

/** What two instances on one store must together behave as: one simple store. */
type Model = {
  sessions: Map<number, { calls: number; revoked: boolean }>;
  /** `<session>|<intent>` (the idempotency key) → the one signature it was given. */
  decided: Map<string, Hex>;
  globalKill: boolean;
  /** Kill-switch and revocation changes so far (the store's kill epoch). */
  epoch: number;
  meta: Map<string, string>;
};
type Real = { stores: [RedisStore, RedisStore] };
type Cmd = fc.AsyncCommand<Model, Real>;

const sid = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
const sig = (intent: string, who: number) => `0x${Buffer.from(`${intent}/${who}`).toString("hex")}` as Hex;
const killRecord = (armed: boolean): KillSwitchRecord => ({ scope: "global", target: "*", armed, changed_at_ms: T0, actor: "risk", reason: "model" });
const allowed = (m: Model, n: number) => m.sessions.has(n) && !m.sessions.get(n)?.revoked && !m.globalKill;

/**
 * One signing request on instance `who`, as Warden makes it: authenticate (a session issued on the
 * other instance is caught up), then snapshot → guard → commit, re-evaluated on conflict. An
 * instance whose view trails the other's last change (a disarm not yet arrived) may deny: a stale
 * view errs only that way, and once caught up (as pub/sub or the next probe does) it decides as
 * the model does — so a denial is asked again after a catch-up; an approval never is.
 */
async function sign(r: Real, who: number, n: number, intent: string) {
  const store = r.stores[who] as RedisStore;
  await store.findSessionByCredentialHash(`cred-${n}`);
  const first = await decide(store, sid(n), intent, sig(intent, who));
  if (first.outcome !== "denied") return first;
  await store.killSwitches();
  return decide(store, sid(n), intent, sig(intent, who));
}

/** The outcome the model predicts for a request, applied to the model when it approves. */
const key = (n: number, intent: string) => `${n}|${intent}`;

function expectSigned(m: Model, n: number, intent: string, got: { outcome: string; signature?: Hex }, signatureIfNew: Hex) {
  const recorded = m.decided.get(key(n, intent));
  if (recorded) {
    expect(got).toEqual({ outcome: "duplicate", signature: recorded });
    return;
  }
  if (!allowed(m, n)) {
    expect(got.outcome).toBe("denied");
    return;
  }
  expect(got).toEqual({ outcome: "approved", signature: signatureIfNew });
  m.decided.set(key(n, intent), signatureIfNew);
  (m.sessions.get(n) as { calls: number }).calls++;
}

class Issue implements Cmd {
  constructor(readonly who: number, readonly n: number) {}
  check = (m: Readonly<Model>) => !m.sessions.has(this.n);
  async run(m: Model, r: Real) {
    await seedSession(r.stores[this.who] as RedisStore, this.n);
    m.sessions.set(this.n, { calls: 0, revoked: false });
  }
  toString = () => `issue(${this.who}, s${this.n})`;
}

class Sign implements Cmd {
  constructor(readonly who: number, readonly n: number, readonly intent: string) {}
  check = (m: Readonly<Model>) => m.sessions.has(this.n);
  async run(m: Model, r: Real) {
    expectSigned(m, this.n, this.intent, await sign(r, this.who, this.n, this.intent), sig(this.intent, this.who));
  }
  toString = () => `sign(${this.who}, s${this.n}, ${this.intent})`;
}

/** The same intent on both instances at once: one signature, whoever wins. */
class Race implements Cmd {
  constructor(readonly n: number, readonly intent: string) {}
  check = (m: Readonly<Model>) => m.sessions.has(this.n);
  async run(m: Model, r: Real) {
    const [x, y] = await Promise.all([sign(r, 0, this.n, this.intent), sign(r, 1, this.n, this.intent)]);
    const winner = [x, y].findIndex((o) => o.outcome === "approved");
    if (m.decided.has(key(this.n, this.intent)) || !allowed(m, this.n)) {
      expectSigned(m, this.n, this.intent, x, sig(this.intent, 0));
      expectSigned(m, this.n, this.intent, y, sig(this.intent, 1));
      return;
    }
    expect(winner).toBeGreaterThanOrEqual(0);
    const signature = sig(this.intent, winner);
    expect([x, y].filter((o) => o.outcome === "approved")).toHaveLength(1);
    expect([x, y]).toContainEqual({ outcome: "duplicate", signature });
    m.decided.set(key(this.n, this.intent), signature);
    (m.sessions.get(this.n) as { calls: number }).calls++;
  }
  toString = () => `race(s${this.n}, ${this.intent})`;
}

/** A decision judged on one instance's view, the other instance changes the session, the commit must not land. */
class StaleCommit implements Cmd {
  constructor(readonly who: number, readonly n: number, readonly intent: string, readonly other: string) {}
  check = (m: Readonly<Model>) => m.sessions.has(this.n) && !m.decided.has(key(this.n, this.intent)) && !m.decided.has(key(this.n, this.other)) && this.intent !== this.other;
  async run(m: Model, r: Real) {
    const store = r.stores[this.who] as RedisStore;
    await store.findSessionByCredentialHash(`cred-${this.n}`);
    const snap = await store.decisionSnapshot(sid(this.n), this.intent);
    const seen = { calls: snap.session?.calls_used ?? -1, epoch: snap.kill.epoch };
    const meanwhile = await sign(r, 1 - this.who, this.n, this.other);
    expectSigned(m, this.n, this.other, meanwhile, sig(this.other, 1 - this.who));
    const commit = await store.commitDecision({
      decision: { session_id: sid(this.n), intent_id: this.intent, decision: "APPROVE", reason_code: null, signature: sig(this.intent, this.who), audit_seq: -1 },
      audit: audit(1),
      reserve: { expected_calls_used: seen.calls, expected_kill_epoch: seen.epoch },
    });
    // The other instance spent a call: the stale view cannot commit. Otherwise nothing changed and
    // the store commits what the view saw (the store re-checks state, the guards judge it: a kill
    // switch armed before the snapshot is the guard's to deny, its epoch is unchanged).
    const s = m.sessions.get(this.n) as { calls: number; revoked: boolean };
    if (meanwhile.outcome === "approved" || s.revoked || seen.calls !== s.calls || seen.epoch !== m.epoch) expect(commit.status).toBe("conflict");
    else {
      expect(commit.status).toBe("committed");
      m.decided.set(key(this.n, this.intent), sig(this.intent, this.who));
      s.calls++;
    }
  }
  toString = () => `stale(${this.who}, s${this.n}, ${this.intent} while ${this.other})`;
}

class Revoke implements Cmd {
  constructor(readonly who: number, readonly n: number) {}
  check = (m: Readonly<Model>) => m.sessions.has(this.n);
  async run(m: Model, r: Real) {
    await (r.stores[this.who] as RedisStore).revokeSessions([sid(this.n)], "owner", T0, audit(2));
    (m.sessions.get(this.n) as { revoked: boolean }).revoked = true;
    m.epoch++;
  }
  toString = () => `revoke(${this.who}, s${this.n})`;
}

class Kill implements Cmd {
  constructor(readonly who: number, readonly armed: boolean) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await (r.stores[this.who] as RedisStore).setKillSwitch(killRecord(this.armed), [], audit(3));
    m.globalKill = this.armed;
    m.epoch++;
  }
  toString = () => `${this.armed ? "arm" : "disarm"}(${this.who})`;
}

class Meta implements Cmd {
  constructor(readonly who: number, readonly key: string, readonly value: string) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await (r.stores[this.who] as RedisStore).setMeta(this.key, this.value);
    m.meta.set(this.key, this.value);
    expect(await (r.stores[1 - this.who] as RedisStore).getMeta(this.key)).toBe(this.value);
  }
  toString = () => `meta(${this.who}, ${this.key}=${this.value})`;
}

/** Both instances agree with the model on every session's spent calls and revocation, and on the kill switch. */
class Look implements Cmd {
  constructor(readonly who: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const store = r.stores[this.who] as RedisStore;
    for (const [n, s] of m.sessions) expect(await store.getSession(sid(n))).toMatchObject({ calls_used: s.calls, revoked_at_ms: s.revoked ? T0 : null });
    const kill = await store.killSwitches();
    expect(kill.switches.some((k) => k.armed)).toBe(m.globalKill);
    expect(kill.epoch).toBe(m.epoch);
    for (const [k, v] of m.meta) expect(await store.getMeta(k)).toBe(v);
  }
  toString = () => `look(${this.who})`;
}

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

describe("two Redis store instances against a model (fast-check, model-based)", () => {
  test("grant / sign / race / stale commit / revoke / kill / meta interleavings: 1,000 runs, no divergence", async () => {
    const who = fc.integer({ min: 0, max: 1 });
    const n = fc.integer({ min: 1, max: 3 });
    const intent = fc.integer({ min: 1, max: 6 }).map((i) => `int_${i}`);
    const commands = [
      fc.tuple(who, n).map(([w, s]) => new Issue(w, s)),
      fc.tuple(who, n, intent).map(([w, s, i]) => new Sign(w, s, i)),
      fc.tuple(n, intent).map(([s, i]) => new Race(s, i)),
      fc.tuple(who, n, intent, intent).map(([w, s, i, o]) => new StaleCommit(w, s, i, o)),
      fc.tuple(who, n).map(([w, s]) => new Revoke(w, s)),
      fc.tuple(who, fc.boolean()).map(([w, a]) => new Kill(w, a)),
      fc.tuple(who, fc.constantFrom("equity_sod:a", "equity_sod:b"), fc.integer({ min: 0, max: 9 })).map(([w, k, v]) => new Meta(w, k, String(v))),
      who.map((w) => new Look(w)),
    ];
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), async (cmds) => {
        runs++;
        await redis.admin.flushall();
        const wallet = freshWallet();
        await initRedisStore({ url: redis.url, chainId: 137, wallet, mode: "new", actor: "test", reason: "model run" });
        const open = (name: string) => createRedisStore({ url: redis.url, chainId: 137, wallet, commandTimeoutMs: 1_000, probeIntervalMs: 5_000, instanceName: name });
        const stores: [RedisStore, RedisStore] = [await open("a"), await open("b")];
        try {
          await fc.asyncModelRun(() => ({ model: { sessions: new Map(), decided: new Map(), globalKill: false, epoch: 0, meta: new Map() }, real: { stores } }), cmds);
          const [va, vb] = await Promise.all(stores.map((s) => s.verifyAudit()));
          expect(va).toMatchObject({ ok: true });
          expect(vb).toEqual(va);
        } finally {
          await Promise.all(stores.map((s) => s.close()));
        }
      }),
      { numRuns: 1_000 },
    );
    expect(runs).toBeGreaterThanOrEqual(1_000);
  }, 120_000);
});
