import type { Logger } from "pino";
import { type Address, type Hex, type PublicClient, getAddress, parseEventLogs } from "viem";
import type { SafeSessionActivation } from "./createSafeModuleWallet";
import type { WardenSessionGrant } from "./encodeGrantSession";
import { wardenModuleAbi } from "./generated/wardenModuleAbi";
import { readSafeSessionActivation } from "./readSafeSessionActivation";
import { wardenSessionId } from "./wardenSessionId";
import { createChainPoller } from "./createChainPoller";

/** Grants of one Safe looked at per session and read: another grant mined first moves ours up one. */
const MAX_NONCES_SCANNED = 64;

/** Most blocks of module logs asked for in one `eth_getLogs` (halved while the provider refuses, down to 16). */
const MAX_LOG_RANGE = 2_000n;
const MIN_LOG_RANGE = 16n;

/**
 * What a granted session must never see changed behind Warden: list changes the point reads cannot
 * see in full (additions), and a call executed with the key (Warden grants no calls): the session freezes.
 */
const DRIFT_EVENTS = {
  SessionCallsSet: "calls changed on-chain",
  SessionAddressesSet: "spenders or recipients changed on-chain",
  SessionTokensSet: "tokens changed on-chain",
  SessionCallExecuted: "a call was executed on-chain with the session's key",
} as const;

/** A drift mark: the block (and its hash) of the event that froze the session. */
export type SafeDriftMark = { block: string; hash: Hex | null };

/**
 * Where the events follower keeps what must survive a restart (the Store's meta): the last block
 * processed, and the drift marks (a frozen session stays frozen after a restart).
 */
export type SafeEventCursor = {
  load(): Promise<bigint | undefined>;
  save(block: bigint): Promise<void>;
  loadDrift?(): Promise<Record<string, Record<string, SafeDriftMark>>>;
  saveDrift?(marks: Record<string, Record<string, SafeDriftMark>>): Promise<void>;
};

/** Parameters of {@link createSafeSessionActivations}. */
export type CreateSafeSessionActivationsParameters = {
  /** With `getBlockNumber` and `request` (eth_getLogs) the module's events are followed too (drift, resume); without, point reads only. */
  client: Pick<PublicClient, "readContract"> & Partial<Pick<PublicClient, "getBlockNumber" | "getBlock" | "request">>;
  module: Address;
  safe: Address;
  chainId: number;
  pollIntervalMs: number;
  /** An answer older than this is no answer: the session is `stale` (not signable) until a read succeeds. */
  maxStalenessMs: number;
  now: () => number;
  logger?: Logger;
  /** Blocks re-scanned on every poll, so a reorg up to this depth is seen again (default 32). */
  reorgDepth?: number;
  /** How often the events are read between full polls (default 1,000 ms; at most `pollIntervalMs`). */
  eventsIntervalMs?: number;
  /** When set, a head block whose timestamp is older than this (a lagging RPC node) signs nothing. */
  maxHeadAgeMs?: number;
};

/** The activation states of a Safe's Warden sessions, read back from the module and kept fresh. */
export type SafeSessionActivations = {
  /** Follows a session: `expected` is the grant Warden built, `firstNonce` the Safe's grant nonce when it was built. */
  track(sessionId: string, grant: { expected: WardenSessionGrant; firstNonce: bigint }): void;
  /**
   * Stops following a session (revoked by Warden, or its on-chain revocation read back): it is never
   * active again, and answers `revoked` from then on (it cannot be tracked again).
   */
  forget(sessionId: string): void;
  /** The last answer for a session (in memory, for the signing path); null when neither followed nor forgotten. */
  activation(sessionId: string): SafeSessionActivation | null;
  /** Reads one session now (on demand). Null when neither followed nor forgotten; `revoked` once forgotten. */
  refresh(sessionId: string): Promise<SafeSessionActivation | null>;
  /** Reads every followed session that is not revoked for good. */
  refreshAll(): Promise<void>;
  /** Called once for each followed session a read finds revoked on-chain (the owners revoked it without Warden). */
  onRevoked(listener: (sessionId: string) => void): void;
  /** Called when the events show a followed session changed on-chain behind Warden (it is frozen): what changed. */
  onDrift(listener: (sessionId: string, drift: string) => void): void;
  /** Resumes the events follower from the stored block and drift marks (and stores each block processed). */
  resumeEvents(cursor: SafeEventCursor): void;
  /** The events follower's state: the last block processed, the chain head, whether caught up. */
  eventsStatus(): { enabled: boolean; last_block: string | null; head: string | null; caught_up: boolean };
  /** Polls every `pollIntervalMs` until {@link SafeSessionActivations.stop}. */
  start(): void;
  stop(): Promise<void>;
  /** False once stopped (work scheduled on its behalf, e.g. retries, ends). */
  running(): boolean;
};

type Tracked = {
  expected: WardenSessionGrant;
  firstNonce: bigint;
  onchainSessionId?: Hex;
  state: SafeSessionActivation | null;
  readAtMs: number;
  drift: Map<string, { block: bigint; hash: Hex | null }>;
  /** Reads started, and the newest one applied: an older read finishing last is dropped. */
  readSeq: number;
  appliedSeq: number;
  /** A pause or revocation the events showed, in force until a read started after it says otherwise. */
  pending: { problem: "paused" | "revoked"; field: string; afterSeq: number } | null;
};

/**
 * Follows the on-chain grants of a Safe's Warden sessions. The grant's id is not known for sure
 * when Warden builds it (another grant of the Safe may be mined first), so the session's id is found
 * by its key among the grants from `firstNonce` on, then read back with
 * {@link readSafeSessionActivation}. A failed read keeps the last answer until it is older than
 * `maxStalenessMs`, then the session is `stale`: nothing is signed on a state nobody could check.
 * With the events (`eth_getLogs` filtered on the Safe): a pause or revocation applies at once (before
 * the point read confirms it), drift freezes the session (kept across restarts; lifted only when the
 * block that carried it was reorged out — its hash changed), and the sessions are stale while the
 * events are unread, behind the head, or the node is behind what was already processed.
 *
 * @param parameters - Client, module, Safe, chain, poll interval, staleness bound, clock, logger.
 * @returns The tracker (not started).
 * @example
 * const activations = createSafeSessionActivations({ client, module, safe, chainId: 137, pollIntervalMs: 4000, maxStalenessMs: 30_000, now: Date.now });
 * activations.track(sessionId, { expected: grant, firstNonce }); await activations.refresh(sessionId);
 */
export function createSafeSessionActivations(parameters: CreateSafeSessionActivationsParameters): SafeSessionActivations {
  const { client, module, safe, chainId, pollIntervalMs, maxStalenessMs, now, logger } = parameters;
  const reorgDepth = BigInt(parameters.reorgDepth ?? 32);
  const eventsIntervalMs = parameters.eventsIntervalMs ?? 1_000;
  const eventsEnabled = typeof client.request === "function" && typeof client.getBlockNumber === "function";
  const safeTopic = `0x${safe.slice(2).toLowerCase().padStart(64, "0")}` as Hex;
  let cursor: SafeEventCursor | null = null;
  let lastBlock: bigint | null = null;
  let head: bigint | null = null;
  let nodeBehind = false;
  let logRange = MAX_LOG_RANGE;
  let eventsReadAtMs = 0;
  let headTimestampMs: number | null = null;
  let stopped = false;
  /** Drift marks loaded from the Store for sessions not followed (yet): applied when they are. */
  let persistedDrift: Record<string, Record<string, SafeDriftMark>> = {};
  const tracked = new Map<string, Tracked>();
  // Sessions forgotten (revoked, or a request that failed before its grant was followed): their
  // on-chain id when known. One small entry per forget in the life of the process.
  const revokedForGood = new Map<string, Hex | null>();
  const revokedListeners: Array<(sessionId: string) => void> = [];
  const driftListeners: Array<(sessionId: string, drift: string) => void> = [];

  const findOnchainId = async (t: Tracked): Promise<Hex | undefined> => {
    const next = (await client.readContract({ address: module, abi: wardenModuleAbi, functionName: "grantNonce", args: [safe] })) as bigint;
    for (let n = t.firstNonce; n < next && n < t.firstNonce + BigInt(MAX_NONCES_SCANNED); n++) {
      const id = wardenSessionId({ chainId, module, safe, grantNonce: n });
      const [key] = (await client.readContract({ address: module, abi: wardenModuleAbi, functionName: "getSession", args: [safe, id] })) as readonly [Address, ...unknown[]];
      if (key.toLowerCase() === t.expected.key.toLowerCase()) return id;
    }
    return undefined;
  };

  const isRevoked = (t: Tracked) => Boolean(t.state && !t.state.active && t.state.problem === "revoked");

  const read = async (sessionId: string, t: Tracked): Promise<SafeSessionActivation | null> => {
    const askedAtMs = now();
    const seq = ++t.readSeq;
    try {
      t.onchainSessionId ??= await findOnchainId(t);
      const state: SafeSessionActivation = t.onchainSessionId
        ? await readSafeSessionActivation({ client, module, safe, onchainSessionId: t.onchainSessionId, expected: t.expected, nowSec: Math.floor(askedAtMs / 1000) })
        : { active: false, problem: "pending" };
      // Forgotten meanwhile (revoked): the answer is the forgotten one, never null.
      if (tracked.get(sessionId) !== t) return current(sessionId);
      // A read that started before one already applied is older news: dropped.
      if (seq < t.appliedSeq) return current(sessionId);
      t.appliedSeq = seq;
      if (t.pending && seq > t.pending.afterSeq) t.pending = null;
      if (JSON.stringify(state) !== JSON.stringify(t.state))
        logger?.info({ session_id: sessionId, active: state.active, ...(state.active ? {} : { problem: state.problem }), onchain_session_id: state.onchainSessionId }, "Safe session activation read");
      const newlyRevoked = !state.active && state.problem === "revoked" && !isRevoked(t);
      t.state = state;
      t.readAtMs = askedAtMs;
      // The answer first: a listener may stop following the session (its key destroyed).
      const answer = current(sessionId);
      if (newlyRevoked)
        for (const listener of revokedListeners)
          try {
            listener(sessionId);
          } catch {
            logger?.error({ session_id: sessionId }, "on-chain revocation listener threw");
          }
      return answer;
    } catch (e) {
      logger?.warn({ session_id: sessionId, error: e instanceof Error ? e.name : "unknown" }, "cannot read the Safe session's grant: nothing is signed for it once the last answer is stale");
    }
    return current(sessionId);
  };

  const current = (sessionId: string): SafeSessionActivation | null => {
    const t = tracked.get(sessionId);
    if (!t) {
      const forgotten = revokedForGood.get(sessionId);
      return forgotten === undefined ? null : { active: false, problem: "revoked", ...(forgotten ? { onchainSessionId: forgotten } : {}) };
    }
    const onchain = t.onchainSessionId ? { onchainSessionId: t.onchainSessionId } : {};
    if (t.state && isRevoked(t)) return t.state;
    // Drift the events showed (a change the point reads cannot see) freezes the session, read or not.
    if (t.drift.size > 0) return { active: false, problem: "mismatch", ...onchain, fields: [...(t.state && !t.state.active ? (t.state.fields ?? []) : []), ...t.drift.keys()] };
    if (t.pending) return { active: false, problem: t.pending.problem, ...onchain, fields: [t.pending.field] };
    if (!t.state) return { active: false, problem: "pending" };
    if (now() - t.readAtMs > maxStalenessMs) return { active: false, problem: "stale", ...onchain };
    if (t.state.active && eventsEnabled) {
      // Fail closed on the events too: while they are unread lately, or behind the head, an order could race a change nobody saw.
      if (now() - eventsReadAtMs > maxStalenessMs) return { active: false, problem: "stale", ...onchain, fields: ["module events not read lately"] };
      if (nodeBehind) return { active: false, problem: "stale", ...onchain, fields: ["the RPC node is behind the blocks already processed"] };
      if (head !== null && lastBlock !== null && head > lastBlock) return { active: false, problem: "stale", ...onchain, fields: [`module events ${head - lastBlock} blocks behind the head`] };
      if (parameters.maxHeadAgeMs !== undefined && (headTimestampMs === null || now() - headTimestampMs > parameters.maxHeadAgeMs))
        return { active: false, problem: "stale", ...onchain, fields: [headTimestampMs === null ? "chain head time unknown" : `chain head ${Math.round((now() - headTimestampMs) / 1000)} s old`] };
    }
    return t.state;
  };

  const driftRecord = (): Record<string, Record<string, SafeDriftMark>> => {
    const out: Record<string, Record<string, SafeDriftMark>> = { ...persistedDrift };
    for (const [id, t] of tracked) {
      if (t.drift.size === 0) delete out[id];
      else out[id] = Object.fromEntries([...t.drift].map(([k, v]) => [k, { block: v.block.toString(), hash: v.hash }]));
    }
    return out;
  };
  const applyPersisted = (id: string, t: Tracked) => {
    const marks = persistedDrift[id];
    if (!marks) return;
    for (const [k, v] of Object.entries(marks)) t.drift.set(k, { block: BigInt(v.block), hash: v.hash });
    delete persistedDrift[id];
  };
  const markDrift = (id: string, t: Tracked, drift: string, block: bigint, hash: Hex | null, event: string) => {
    if (t.drift.has(drift)) return;
    t.drift.set(drift, { block, hash });
    logger?.error({ session_id: id, event, block: String(block), alert: "SafeSessionDrift" }, "Safe session changed on-chain behind Warden: frozen (signs nothing)");
    for (const listener of driftListeners)
      try {
        listener(id, drift);
      } catch {
        logger?.error({ session_id: id }, "drift listener threw");
      }
  };

  let eventsInFlight: Promise<"all" | Set<string>> | null = null;
  /** One scan at a time (the full poll, the events tick and an on-demand refresh join it). */
  const followEvents = (): Promise<"all" | Set<string>> =>
    (eventsInFlight ??= scanEvents().finally(() => {
      eventsInFlight = null;
    }));
  /**
   * Reads the module's events for this Safe (filtered on its indexed `safe` topic) from the last
   * processed block less `reorgDepth` (a reorg inside it is seen again) to the head, at most
   * `logRange` blocks at a time; returns the sessions to read again (all after a Safe- or
   * strategy-wide event). Throws on an RPC failure (the sessions then go stale).
   */
  const scanEvents = async (): Promise<"all" | Set<string>> => {
    const askedAtMs = now();
    const tip = await (client.getBlockNumber as NonNullable<typeof client.getBlockNumber>)({ cacheTime: 0 });
    if (lastBlock === null) {
      lastBlock = (await cursor?.load()) ?? tip;
      persistedDrift = { ...persistedDrift, ...((await cursor?.loadDrift?.()) ?? {}) };
      for (const [id, t] of tracked) applyPersisted(id, t);
    }
    // A node behind what was already processed (beyond a reorg) has not seen what we saw: nothing signs on it.
    nodeBehind = tip + reorgDepth < lastBlock;
    if (nodeBehind) {
      head = tip;
      logger?.warn({ head: String(tip), last_block: String(lastBlock) }, "the RPC node is behind the blocks already processed: the Safe's sessions sign nothing");
      return new Set();
    }
    const from = lastBlock + 1n - reorgDepth > 0n ? lastBlock + 1n - reorgDepth : 0n;
    const to = tip < from + logRange - 1n ? tip : from + logRange - 1n;
    const todo = new Set<string>();
    let all = false;
    if (to >= from) {
      const seen = new Map<string, Set<string>>();
      let raw: Array<Record<string, unknown>>;
      try {
        raw = (await (client.request as (a: unknown) => Promise<unknown>)({
          method: "eth_getLogs",
          params: [{ address: module, fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}`, topics: [null, safeTopic] }],
        })) as Array<Record<string, unknown>>;
        if (!Array.isArray(raw)) throw new TypeError("eth_getLogs answered no list");
      } catch (e) {
        // A provider refusing the range (too many logs, range caps): ask for half next time.
        logRange = logRange / 2n > MIN_LOG_RANGE ? logRange / 2n : MIN_LOG_RANGE;
        throw e;
      }
      logRange = logRange * 2n < MAX_LOG_RANGE ? logRange * 2n : MAX_LOG_RANGE;
      const logs = raw.map((l) => ({ ...l, blockNumber: typeof l.blockNumber === "string" ? BigInt(l.blockNumber) : null }));
      const byOnchainId = new Map<string, string>();
      // A session followed again after a restart has no on-chain id yet: found first, or its events would be skipped.
      for (const [id, t] of tracked) {
        if (!t.onchainSessionId && !isRevoked(t)) t.onchainSessionId = await findOnchainId(t);
        if (t.onchainSessionId) byOnchainId.set(t.onchainSessionId.toLowerCase(), id);
      }
      for (const log of parseEventLogs({ abi: wardenModuleAbi, logs: logs as never, strict: false })) {
        const args = (log.args ?? {}) as { safe?: Address; sessionId?: Hex; allowed?: boolean; strategy?: number };
        if (!args.safe || getAddress(args.safe) !== getAddress(safe)) continue;
        const block = (log.blockNumber as bigint | null) ?? to;
        if (log.eventName === "GuardianSet")
          logger?.error({ alert: "SafeGuardianChanged", block: String(block) }, "the module's guardian of the Safe changed: check the on-chain kill switch (warden doctor)");
        if (log.eventName === "SafePaused" || log.eventName === "StrategyPaused")
          for (const t of tracked.values())
            if (!isRevoked(t) && (log.eventName === "SafePaused" || Number(t.expected.limits.strategy) === Number(args.strategy)))
              t.pending = { problem: "paused", field: log.eventName === "SafePaused" ? "safe" : `strategy ${Number(args.strategy)}`, afterSeq: t.readSeq };
        if (log.eventName === "SafePaused" || log.eventName === "SafeUnpaused" || log.eventName === "StrategyPaused" || log.eventName === "StrategyUnpaused") all = true;
        if (log.eventName === "SessionGranted") all = true; // a pending session may be the one granted
        const id = args.sessionId ? byOnchainId.get(args.sessionId.toLowerCase()) : undefined;
        if (!id) continue;
        todo.add(id);
        const t = tracked.get(id) as Tracked;
        if (log.eventName === "SessionPaused" || log.eventName === "SessionRevoked")
          t.pending = { problem: log.eventName === "SessionPaused" ? "paused" : "revoked", field: log.eventName === "SessionPaused" ? "session" : "revocation seen in the events", afterSeq: t.readSeq };
        const drift = DRIFT_EVENTS[log.eventName as keyof typeof DRIFT_EVENTS];
        if (drift && args.allowed !== false) {
          seen.set(id, (seen.get(id) ?? new Set()).add(drift));
          markDrift(id, t, drift, block, (log.blockHash as Hex | null) ?? null, log.eventName);
        }
      }
      // A drift mark re-scanned just now and not found again is lifted only if its block was
      // reorged out (its hash at that height changed, or the chain is now shorter): a provider that
      // merely answered without it (a lagging node behind a load balancer) lifts nothing.
      for (const [id, t] of tracked)
        for (const [drift, mark] of t.drift) {
          if (mark.block < from || seen.get(id)?.has(drift)) continue;
          let reorged = mark.block > tip;
          if (!reorged && mark.hash && client.getBlock) {
            const b = await client.getBlock({ blockNumber: mark.block }).catch(() => null);
            reorged = b !== null && b.hash !== null && b.hash.toLowerCase() !== mark.hash.toLowerCase();
          }
          if (reorged) {
            t.drift.delete(drift);
            todo.add(id);
            logger?.warn({ session_id: id, drift, block: String(mark.block) }, "a drift event was reorged out: the session is read again");
          }
        }
      // (Below the last block only when the chain went back: a reorg to a shorter chain.)
      lastBlock = to;
      await cursor?.saveDrift?.(driftRecord());
      await cursor?.save(lastBlock);
    }
    if (parameters.maxHeadAgeMs !== undefined && client.getBlock) headTimestampMs = Number((await client.getBlock({ blockNumber: tip })).timestamp) * 1000;
    head = tip;
    eventsReadAtMs = askedAtMs;
    return all ? "all" : todo;
  };

  /** Reads the events, then the sessions they name (all after a Safe-wide one); never throws. */
  const followAndRead = async (): Promise<void> => {
    let todo: "all" | Set<string>;
    try {
      todo = await followEvents();
    } catch (e) {
      logger?.warn({ error: e instanceof Error ? e.name : "unknown" }, "cannot read the module's events: the Safe's sessions sign nothing once the last read is stale");
      return;
    }
    for (const [id, t] of [...tracked]) if (!isRevoked(t) && (todo === "all" || todo.has(id))) await read(id, t);
  };
  // Every session is read every pollIntervalMs; the events more often (every eventsIntervalMs), so a
  // revocation or pause mined on-chain is acted on within about a block, at the cost of one
  // eth_blockNumber (and an eth_getLogs when the head moved) per tick.
  const poller = createChainPoller({
    read: async () => {
      if (eventsEnabled) await followAndRead();
      for (const [id, t] of [...tracked]) if (!isRevoked(t)) await read(id, t);
    },
    intervalMs: pollIntervalMs,
  });
  const eventsPoller = eventsEnabled && eventsIntervalMs < pollIntervalMs ? createChainPoller({ read: followAndRead, intervalMs: eventsIntervalMs }) : null;

  return {
    track(sessionId, { expected, firstNonce }) {
      if (tracked.has(sessionId) || revokedForGood.has(sessionId)) return;
      const t: Tracked = { expected, firstNonce, state: null, readAtMs: 0, drift: new Map(), readSeq: 0, appliedSeq: 0, pending: null };
      applyPersisted(sessionId, t);
      tracked.set(sessionId, t);
    },
    forget(sessionId) {
      revokedForGood.set(sessionId, tracked.get(sessionId)?.onchainSessionId ?? revokedForGood.get(sessionId) ?? null);
      tracked.delete(sessionId);
      delete persistedDrift[sessionId];
    },
    activation: current,
    onRevoked(listener) {
      revokedListeners.push(listener);
    },
    onDrift(listener) {
      driftListeners.push(listener);
    },
    async refresh(sessionId) {
      const t = tracked.get(sessionId);
      if (!t) return current(sessionId);
      if (eventsEnabled) await followEvents().catch(() => undefined);
      return read(sessionId, t);
    },
    resumeEvents(c) {
      cursor = c;
      lastBlock = null;
    },
    eventsStatus: () => ({ enabled: eventsEnabled, last_block: lastBlock?.toString() ?? null, head: head?.toString() ?? null, caught_up: head !== null && lastBlock !== null && lastBlock >= head }),
    refreshAll: poller.run,
    start() {
      stopped = false;
      poller.start();
      eventsPoller?.start();
    },
    async stop() {
      stopped = true;
      await Promise.all([poller.stop(), eventsPoller?.stop()]);
    },
    running: () => !stopped,
  };
}
