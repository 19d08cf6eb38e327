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

/** Blocks of module logs asked for in one `eth_getLogs` (a restart far behind catches up over several polls). */
const MAX_LOG_RANGE = 2_000n;

/** Changes to a granted session's lists that the point reads cannot see in full (additions): the session freezes. */
const DRIFT_EVENTS = { SessionCallsSet: "calls changed on-chain", SessionAddressesSet: "spenders or recipients changed on-chain", SessionTokensSet: "tokens changed on-chain" } as const;

/** Where the events follower keeps the last block it processed (the Store's meta, across restarts). */
export type SafeEventCursor = { load(): Promise<bigint | undefined>; save(block: bigint): Promise<void> };

/** Parameters of {@link createSafeSessionActivations}. */
export type CreateSafeSessionActivationsParameters = {
  /** With `getBlockNumber` and `getLogs` the module's events are followed too (drift, resume); without, point reads only. */
  client: Pick<PublicClient, "readContract"> & Partial<Pick<PublicClient, "getBlockNumber" | "getLogs" | "getBlock">>;
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
  /** Stops following a session (revoked by Warden): it is never active again. */
  forget(sessionId: string): void;
  /** The last answer for a session (in memory, for the signing path); null when not followed. */
  activation(sessionId: string): SafeSessionActivation | null;
  /** Reads one session now (on demand). Null when not followed. */
  refresh(sessionId: string): Promise<SafeSessionActivation | null>;
  /** Reads every followed session that is not revoked for good. */
  refreshAll(): Promise<void>;
  /** Called once for each followed session a read finds revoked on-chain (the owners revoked it without Warden). */
  onRevoked(listener: (sessionId: string) => void): void;
  /** Called when the events show a followed session changed on-chain behind Warden (it is frozen): what changed. */
  onDrift(listener: (sessionId: string, drift: string) => void): void;
  /** Resumes the events follower from the stored block (and stores each block processed). */
  resumeEvents(cursor: SafeEventCursor): void;
  /** The events follower's state: the last block processed, the chain head, whether caught up. */
  eventsStatus(): { enabled: boolean; last_block: string | null; head: string | null; caught_up: boolean };
  /** Polls every `pollIntervalMs` until {@link SafeSessionActivations.stop}. */
  start(): void;
  stop(): Promise<void>;
};

type Tracked = { expected: WardenSessionGrant; firstNonce: bigint; onchainSessionId?: Hex; state: SafeSessionActivation | null; readAtMs: number; drift: Map<string, bigint> };

/**
 * Follows the on-chain grants of a Safe's Warden sessions. The grant's id is not known for sure
 * when Warden builds it (another grant of the Safe may be mined first), so the session's id is found
 * by its key among the grants from `firstNonce` on, then read back with
 * {@link readSafeSessionActivation}. A failed read keeps the last answer until it is older than
 * `maxStalenessMs`, then the session is `stale`: nothing is signed on a state nobody could check.
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
  const eventsEnabled = typeof client.getLogs === "function" && typeof client.getBlockNumber === "function";
  let cursor: SafeEventCursor | null = null;
  let lastBlock: bigint | null = null;
  let head: bigint | null = null;
  let eventsReadAtMs = 0;
  let headTimestampMs: number | null = null;
  const tracked = new Map<string, Tracked>();
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

  const read = async (sessionId: string, t: Tracked): Promise<SafeSessionActivation | null> => {
    const askedAtMs = now();
    try {
      t.onchainSessionId ??= await findOnchainId(t);
      const pointRead: SafeSessionActivation = t.onchainSessionId
        ? await readSafeSessionActivation({ client, module, safe, onchainSessionId: t.onchainSessionId, expected: t.expected, nowSec: Math.floor(askedAtMs / 1000) })
        : { active: false, problem: "pending" };
      // Drift the events showed (an addition the point reads cannot see) freezes the session.
      const state: SafeSessionActivation =
        t.drift.size > 0 && t.onchainSessionId && !(!pointRead.active && pointRead.problem === "revoked")
          ? { active: false, problem: "mismatch", onchainSessionId: t.onchainSessionId, fields: [...(pointRead.active ? [] : (pointRead.fields ?? [])), ...t.drift.keys()] }
          : pointRead;
      if (tracked.get(sessionId) !== t) return null;
      if (JSON.stringify(state) !== JSON.stringify(t.state))
        logger?.info({ session_id: sessionId, active: state.active, ...(state.active ? {} : { problem: state.problem }), onchain_session_id: state.onchainSessionId }, "Safe session activation read");
      const newlyRevoked = !state.active && state.problem === "revoked" && !(t.state && !t.state.active && t.state.problem === "revoked");
      t.state = state;
      t.readAtMs = askedAtMs;
      if (newlyRevoked)
        for (const listener of revokedListeners)
          try {
            listener(sessionId);
          } catch {
            logger?.error({ session_id: sessionId }, "on-chain revocation listener threw");
          }
    } catch (e) {
      logger?.warn({ session_id: sessionId, error: e instanceof Error ? e.name : "unknown" }, "cannot read the Safe session's grant: nothing is signed for it once the last answer is stale");
    }
    return current(sessionId);
  };

  const current = (sessionId: string): SafeSessionActivation | null => {
    const t = tracked.get(sessionId);
    if (!t?.state) return t ? { active: false, problem: "pending" } : null;
    const onchain = t.onchainSessionId ? { onchainSessionId: t.onchainSessionId } : {};
    if (now() - t.readAtMs > maxStalenessMs) return { active: false, problem: "stale", ...onchain };
    if (t.state.active && eventsEnabled) {
      // Fail closed on the events too: while they are unread lately, or behind the head, an order could race a change nobody saw.
      if (now() - eventsReadAtMs > maxStalenessMs) return { active: false, problem: "stale", ...onchain, fields: ["module events not read lately"] };
      if (head !== null && lastBlock !== null && head > lastBlock) return { active: false, problem: "stale", ...onchain, fields: [`module events ${head - lastBlock} blocks behind the head`] };
      if (parameters.maxHeadAgeMs !== undefined && (headTimestampMs === null || now() - headTimestampMs > parameters.maxHeadAgeMs))
        return { active: false, problem: "stale", ...onchain, fields: [headTimestampMs === null ? "chain head time unknown" : `chain head ${Math.round((now() - headTimestampMs) / 1000)} s old`] };
    }
    return t.state;
  };

  const isRevoked = (t: Tracked) => Boolean(t.state && !t.state.active && t.state.problem === "revoked");
  /**
   * Reads the module's events for this Safe from the last processed block (less `reorgDepth`, so a
   * reorg inside it is seen again) to the head, at most MAX_LOG_RANGE blocks at a time; returns the
   * sessions to read again (all of them after a Safe- or strategy-wide event). Drift events mark
   * their session. Throws on an RPC failure (the sessions then go stale).
   */
  let eventsInFlight: Promise<"all" | Set<string>> | null = null;
  /** One scan at a time (the full poll, the events tick and an on-demand refresh join it). */
  const followEvents = (): Promise<"all" | Set<string>> =>
    (eventsInFlight ??= scanEvents().finally(() => {
      eventsInFlight = null;
    }));
  const scanEvents = async (): Promise<"all" | Set<string>> => {
    const askedAtMs = now();
    const tip = await (client.getBlockNumber as NonNullable<typeof client.getBlockNumber>)({ cacheTime: 0 });
    if (lastBlock === null) lastBlock = (await cursor?.load()) ?? tip;
    const from = lastBlock + 1n - reorgDepth > 0n ? lastBlock + 1n - reorgDepth : 0n;
    const to = tip < from + MAX_LOG_RANGE - 1n ? tip : from + MAX_LOG_RANGE - 1n;
    const todo = new Set<string>();
    let all = false;
    if (to >= from) {
      const seen = new Map<string, Set<string>>();
      const logs = await (client.getLogs as NonNullable<typeof client.getLogs>)({ address: module, fromBlock: from, toBlock: to });
      const byOnchainId = new Map<string, string>();
      // A session followed again after a restart has no on-chain id yet: found first, or its events would be skipped.
      for (const [id, t] of tracked) {
        if (!t.onchainSessionId && !isRevoked(t)) t.onchainSessionId = await findOnchainId(t);
        if (t.onchainSessionId) byOnchainId.set(t.onchainSessionId.toLowerCase(), id);
      }
      for (const log of parseEventLogs({ abi: wardenModuleAbi, logs: logs as never, strict: false })) {
        const args = (log.args ?? {}) as { safe?: Address; sessionId?: Hex; allowed?: boolean };
        if (!args.safe || getAddress(args.safe) !== getAddress(safe)) continue;
        if (log.eventName === "SafePaused" || log.eventName === "SafeUnpaused" || log.eventName === "StrategyPaused" || log.eventName === "StrategyUnpaused") all = true;
        if (log.eventName === "SessionGranted") all = true; // a pending session may be the one granted
        const id = args.sessionId ? byOnchainId.get(args.sessionId.toLowerCase()) : undefined;
        if (!id) continue;
        todo.add(id);
        const drift = DRIFT_EVENTS[log.eventName as keyof typeof DRIFT_EVENTS];
        if (drift && args.allowed !== false) {
          const t = tracked.get(id);
          seen.set(id, (seen.get(id) ?? new Set()).add(drift));
          if (t && !t.drift.has(drift)) {
            t.drift.set(drift, log.blockNumber ?? to);
            logger?.error({ session_id: id, event: log.eventName, block: String(log.blockNumber), alert: "SafeSessionDrift" }, "Safe session changed on-chain behind Warden: frozen (signs nothing)");
            for (const listener of driftListeners)
              try {
                listener(id, drift);
              } catch {
                logger?.error({ session_id: id }, "drift listener threw");
              }
          }
        }
      }
      // A drift mark from a block re-scanned just now that is no longer there was reorged out: recomputed.
      for (const [id, t] of tracked)
        for (const [drift, block] of t.drift)
          if (block >= from && (block <= to || to === tip) && !seen.get(id)?.has(drift)) {
            t.drift.delete(drift);
            todo.add(id);
            logger?.warn({ session_id: id, drift, block: String(block) }, "a drift event was reorged out: the session is read again");
          }
      // (Below the last block only when the chain went back: a reorg to a shorter chain.)
      lastBlock = to;
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
      if (!tracked.has(sessionId)) tracked.set(sessionId, { expected, firstNonce, state: null, readAtMs: 0, drift: new Map() });
    },
    forget(sessionId) {
      tracked.delete(sessionId);
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
      if (!t) return null;
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
      poller.start();
      eventsPoller?.start();
    },
    async stop() {
      await Promise.all([poller.stop(), eventsPoller?.stop()]);
    },
  };
}
