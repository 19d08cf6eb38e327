import type { Logger } from "pino";
import type { Address, Hex, PublicClient } from "viem";
import type { SafeSessionActivation } from "./createSafeModuleWallet";
import type { WardenSessionGrant } from "./encodeGrantSession";
import { wardenModuleAbi } from "./generated/wardenModuleAbi";
import { readSafeSessionActivation } from "./readSafeSessionActivation";
import { wardenSessionId } from "./wardenSessionId";
import { createChainPoller } from "./createChainPoller";

/** Grants of one Safe looked at per session and read: another grant mined first moves ours up one. */
const MAX_NONCES_SCANNED = 64;

/** Parameters of {@link createSafeSessionActivations}. */
export type CreateSafeSessionActivationsParameters = {
  client: Pick<PublicClient, "readContract">;
  module: Address;
  safe: Address;
  chainId: number;
  pollIntervalMs: number;
  /** An answer older than this is no answer: the session is `stale` (not signable) until a read succeeds. */
  maxStalenessMs: number;
  now: () => number;
  logger?: Logger;
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
  /** Polls every `pollIntervalMs` until {@link SafeSessionActivations.stop}. */
  start(): void;
  stop(): Promise<void>;
};

type Tracked = { expected: WardenSessionGrant; firstNonce: bigint; onchainSessionId?: Hex; state: SafeSessionActivation | null; readAtMs: number };

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
  const tracked = new Map<string, Tracked>();
  const revokedListeners: Array<(sessionId: string) => void> = [];

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
      const state: SafeSessionActivation = t.onchainSessionId
        ? await readSafeSessionActivation({ client, module, safe, onchainSessionId: t.onchainSessionId, expected: t.expected, nowSec: Math.floor(askedAtMs / 1000) })
        : { active: false, problem: "pending" };
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
    if (now() - t.readAtMs > maxStalenessMs) return { active: false, problem: "stale", ...(t.onchainSessionId ? { onchainSessionId: t.onchainSessionId } : {}) };
    return t.state;
  };

  const poller = createChainPoller({
    read: async () => {
      for (const [id, t] of [...tracked]) if (!(t.state && !t.state.active && t.state.problem === "revoked")) await read(id, t);
    },
    intervalMs: pollIntervalMs,
  });

  return {
    track(sessionId, { expected, firstNonce }) {
      if (!tracked.has(sessionId)) tracked.set(sessionId, { expected, firstNonce, state: null, readAtMs: 0 });
    },
    forget(sessionId) {
      tracked.delete(sessionId);
    },
    activation: current,
    onRevoked(listener) {
      revokedListeners.push(listener);
    },
    async refresh(sessionId) {
      const t = tracked.get(sessionId);
      return t ? read(sessionId, t) : null;
    },
    refreshAll: poller.run,
    start: poller.start,
    stop: poller.stop,
  };
}
