import type { Hex } from "viem";
import type { ExposureReader } from "../../core/exposure";
import { StoreUnavailableError } from "../../errors/StoreUnavailableError";
import { decisionAuditPayload } from "../decisionAuditPayload";
import type { Store, StoredDecision } from "../Store";
import { parseStreamEntry, storedDecisionOf } from "./redisStreamRecords";
import type { RedisCore } from "./RedisCore";

const MAX_RETRIES = 8;

const uncertainProblem =
  "an earlier commit of this intent got no answer from Redis in time, so whether it landed is unknown: the intent is never signed (sign a new order)";
const unconfirmedProblem =
  "another instance committed this intent's decision but has not confirmed that its caller got the signature (its reply may have come too late): the signature is handed out only once confirmed (ask again; an intent whose outcome stays unknown is never signed)";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The decision step of the Redis store: the snapshot a decision is judged on (this instance's
 * mirror, no round trip unless the intent may already be decided), the commit (one atomic Lua step
 * that re-checks everything the decision saw), the wait for durability of a duplicate's record,
 * and exposure, whose ledger runs on Redis's clock.
 *
 * @param core - The store's core.
 * @returns The decision and exposure methods of the Store.
 * @example
 * const { commitDecision } = redisDecisions(core)
 */
export function redisDecisions(core: RedisCore): Pick<Store, "decisionSnapshot" | "awaitDurable" | "commitDecision" | "exposure" | "releaseExposure"> {
  // The decision an intent already has: this instance's (possibly still committing: wait for
  // it), one found in Redis, or none. An intent whose earlier commit had an unknown outcome is
  // refused, and so is another instance's decision until that instance confirms its caller was
  // answered (waited for within one command bound): a reply that came too late, whose caller was
  // denied, can never turn into a signature handed to a duplicate.
  async function existingDecision(sessionId: Hex, intentId: string): Promise<StoredDecision | undefined> {
    const key = `${sessionId}|${intentId}`;
    let confirmBy = 0;
    for (let attempt = 0; attempt < MAX_RETRIES; ) {
      if (core.uncertain.has(key) || core.voided.has(key)) throw new StoreUnavailableError({ operation: "decision", problem: uncertainProblem });
      const known = core.mirror.decision(sessionId, intentId);
      if (known === undefined) return undefined;
      if (known !== "maybe") {
        if ("pending" in known) {
          await known.pending.catch(() => undefined);
          attempt++;
          continue;
        }
        if (known.confirmed) return known.stored;
      }
      let r: unknown[];
      try {
        r = await core.reply("decision", [key]);
      } catch (cause) {
        if (!(cause instanceof StoreUnavailableError)) core.markUnavailable(cause instanceof Error ? cause.message : "read failed", false);
        throw core.unavailable("decision");
      }
      if (r[1] === "") return undefined;
      if (r[1] === "void") {
        core.voided.add(key);
        attempt++;
        continue;
      }
      const rec = parseStreamEntry([`0-${String(r[1])}`, r[2]]).record;
      const stored = storedDecisionOf(rec, sessionId, intentId);
      core.durableSeq = Math.max(core.durableSeq, rec.seq);
      const confirmed = r[3] !== "0";
      core.mirror.remember(stored, confirmed);
      if (confirmed) return stored;
      // Its instance confirms right after its reply: normally within a round trip.
      confirmBy ||= Date.now() + core.timeoutMs;
      if (Date.now() >= confirmBy) throw new StoreUnavailableError({ operation: "decision", problem: unconfirmedProblem });
      await sleep(Math.max(1, Math.min(5, Math.floor(core.timeoutMs / 5))));
    }
    throw new StoreUnavailableError({ operation: "decision", problem: "the intent's decision kept changing (contention)" });
  }

  // The ledger runs on Redis's clock (rate windows shared by every instance, whatever their
  // clocks say); callers pass their own clock, translated here, and get theirs back.
  const exposure: ExposureReader = {
    get version() {
      return core.mirror.xver;
    },
    view: (p) => core.mirror.ledger.view({ ...p, nowMs: p.nowMs + core.clockOffsetMs }),
    openOrders: () => core.mirror.ledger.openOrders(),
    held: () => {
      const h = core.mirror.ledger.held();
      return { count: h.count, oldestClockMs: h.oldestClockMs === null ? null : h.oldestClockMs - core.clockOffsetMs };
    },
    has: (intentId) => core.mirror.ledger.has(intentId),
  };

  return {
    async decisionSnapshot(sessionId, intentId) {
      core.assertHealthy("snapshot");
      const existing = await existingDecision(sessionId, intentId);
      core.assertHealthy("snapshot");
      return {
        session: core.mirror.sessions.get(sessionId),
        existing,
        kill: { switches: [...core.mirror.kills.values()], epoch: core.mirror.epoch },
        exposure,
      };
    },
    async awaitDurable(seq) {
      // An acknowledged write is durable (appendfsync always); every seq handed out was acknowledged.
      if (core.status === "closed") throw core.unavailable("await durable");
      if (seq > core.durableSeq) throw new StoreUnavailableError({ operation: "await durable", problem: `audit record ${seq} is not acknowledged by Redis` });
    },

    async commitDecision({ decision, audit: input, reserve, flush }) {
      core.assertHealthy("commit");
      const key = `${decision.session_id}|${decision.intent_id}`;
      if (core.uncertain.has(key) || core.voided.has(key)) return { status: "conflict" };
      // What this instance already knows would make Redis refuse: no round trip for it.
      const mirror = core.mirror;
      const session = mirror.sessions.get(decision.session_id);
      const known = mirror.decision(decision.session_id, decision.intent_id);
      if (
        (known !== undefined && known !== "maybe") ||
        (session &&
          (session.revoked_at_ms !== null ||
            session.calls_used !== reserve.expected_calls_used ||
            mirror.epoch !== reserve.expected_kill_epoch ||
            (reserve.exposure && mirror.xver !== reserve.exposure.expected_ledger_version)))
      )
        return { status: "conflict" };
      const stored: StoredDecision = { ...decision };
      const record = core.recordOf(input, decisionAuditPayload(input, decision));
      const claim = reserve.exposure?.entry ?? null;
      const clockMs = (claim?.at_ms ?? input.at_ms) + core.clockOffsetMs;
      let settle!: (v: unknown) => void;
      const pending = new Promise((r) => (settle = r));
      const undo = mirror.speculate({ stored, atMs: input.at_ms, claim, clockMs, pending });
      try {
        const o = await core.write(
          "D",
          [decision.session_id, decision.intent_id, reserve.expected_calls_used, reserve.expected_kill_epoch, reserve.exposure ? reserve.exposure.expected_ledger_version : ""],
          record,
          { type: "decision", stored, atMs: input.at_ms, claim, clockMs },
          { undo, alone: flush === "alone", operation: "commit" },
        );
        if (o.status === "committed" && o.record) return { status: "committed", audit: o.record };
        if (o.status === "stopped" && o.reason.startsWith("decided:void")) core.voided.add(key);
        return { status: "conflict" };
      } finally {
        settle(undefined);
      }
    },

    async exposure() {
      await core.sync("exposure");
      return exposure;
    },
    async releaseExposure(intentId, _reason, input) {
      core.assertHealthy("release exposure");
      const o = await core.write("L", [intentId], core.recordOf(input), { type: "release", intentId }, { operation: "release exposure" });
      return o.status === "committed";
    },
  };
}
