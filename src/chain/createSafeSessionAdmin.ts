import type Safe from "@safe-global/protocol-kit";
import { type Address, type Hex, type PublicClient, decodeFunctionData, getAddress } from "viem";
import type { SafeGrantRecord } from "../core/SessionRecord";
import type { SessionScope } from "../core/SessionScope";
import { toJson } from "../core/toJson";
import type { SafeSessionKeys } from "../signer/wallets/createSafeSessionKeys";
import type { SafeSessionActivation } from "./createSafeModuleWallet";
import type { SafeEventCursor, SafeSessionActivations } from "./createSafeSessionActivations";
import { type WardenSessionGrant, encodeGrantSession } from "./encodeGrantSession";
import { encodeRevokeSession } from "./encodeRevokeSession";
import { wardenModuleAbi } from "./generated/wardenModuleAbi";
import { prepareSafeSessionGrant } from "./prepareSafeSessionGrant";
import { safeGrantScope } from "./safeGrantScope";
import { type SafeTransactionView, safeTransactionView } from "./safeTransactionView";
import { ChainUnavailableError } from "../errors/ChainUnavailableError";
import { WardenError } from "../errors/WardenError";

/** Parameters of {@link createSafeSessionAdmin}. */
export type CreateSafeSessionAdminParameters = {
  safe: Address;
  module: Address;
  chainId: 137 | 80002;
  maxOrderAgeSec: number;
  keys: SafeSessionKeys;
  activations: SafeSessionActivations;
  client: Pick<PublicClient, "readContract">;
  /** protocol-kit's Safe, opened once (it reads the Safe's version). */
  kit: () => Promise<Safe>;
  now: () => number;
};

/** The Safe side of Warden's session lifecycle in safe-module mode. */
export type SafeSessionAdmin = {
  readonly safe: Address;
  readonly module: Address;
  /** Creates the session's key and builds the grant and the one Safe transaction the owners approve. */
  prepare(p: { sessionId: Hex; scope: SessionScope; validUntilSec: number; strategyIndex?: number }): Promise<{ safe_grant: SafeGrantRecord; safe_transaction: SafeTransactionView; session_key: Address }>;
  /** Follows an issued session's grant (also after a restart) and reads it once. */
  follow(sessionId: Hex, grant: SafeGrantRecord): void;
  /** Reads a session's grant now. */
  refresh(sessionId: Hex): Promise<SafeSessionActivation | null>;
  activation(sessionId: Hex): SafeSessionActivation | null;
  /**
   * Stops signing for a session at once (forgets it, destroys its key) and builds the
   * `revokeSession` Safe transaction; null when its grant was never mined (nothing to revoke on-chain).
   */
  revoke(sessionId: Hex): Promise<SafeTransactionView | null>;
  /** False once the tracker stopped (the Warden closed): retries on its behalf end. */
  running(): boolean;
  /** Resumes following the module's events from the block the Store kept (call once the Store is open). */
  resumeEvents(cursor: SafeEventCursor): void;
  /**
   * Both halves of a session's scope, for `warden session show`: the grant Warden built (what the
   * off-chain scope maps to), the grant the module holds now (read live; null when not found or the
   * chain cannot be read), and the last activation state (a drift names its fields).
   */
  describe(sessionId: Hex, grant: SafeGrantRecord): Promise<SafeSessionScopes>;
  /** Calls `listener` once for each followed session the owners revoked on-chain by themselves. */
  onRevokedOnChain(listener: (sessionId: Hex) => void): void;
  /** Calls `listener` when a followed session is changed on-chain behind Warden (frozen). */
  onDriftOnChain(listener: (sessionId: Hex, drift: string) => void): void;
  /** A session revoked on-chain: destroys its key and stops following it (no Safe transaction: it is revoked already). */
  discard(sessionId: Hex): void;
  /** The strategy index the session's grant gives the module (its bit in the guardian's per-strategy pause); undefined when the grant cannot be decoded. */
  strategyIndexOf(grant: SafeGrantRecord): number | undefined;
};

/** What {@link SafeSessionAdmin.describe} shows (JSON-safe: numbers as strings). */
export type SafeSessionScopes = {
  activation: SafeSessionActivation | null;
  expected: Record<string, unknown>;
  onchain: { session_id: Hex; key: Address; limits: Record<string, unknown>; revoked: boolean; paused: boolean } | null;
  /** Why `onchain` is null: `not_found` (not granted yet, or another key) or `unreadable` (the RPC). */
  onchain_problem?: "not_found" | "unreadable";
};

/** The value as JSON would carry it (bigints as decimal strings, see toJson). */
const jsonSafe = (v: unknown): Record<string, unknown> => JSON.parse(toJson(v)) as Record<string, unknown>;

const decodeGrant = (data: Hex): WardenSessionGrant => {
  const { args } = decodeFunctionData({ abi: wardenModuleAbi, data });
  return (args as readonly [WardenSessionGrant])[0];
};

/**
 * The safe-module session lifecycle on the chain side: each session gets a fresh key, the grant
 * carrying the on-chain scope and (as its one token id) the session id binding the off-chain
 * scope ({@link safeGrantScope}), and one Safe transaction built with protocol-kit. Activation is
 * the read-back of {@link SafeSessionActivations}; revocation destroys the key before anything else.
 *
 * @param parameters - Safe, module, chain, order age, keys, activations, client, protocol-kit, clock.
 * @returns The admin port the session use cases call.
 * @example
 * const { safe_transaction } = await admin.prepare({ sessionId, scope, validUntilSec });
 */
export function createSafeSessionAdmin(parameters: CreateSafeSessionAdminParameters): SafeSessionAdmin {
  const { safe, module, chainId, maxOrderAgeSec, keys, activations, client, kit, now } = parameters;
  const view = async (calls: Parameters<typeof safeTransactionView>[0]["calls"], name: string) => (await safeTransactionView({ kit: await kit(), calls, name, nowMs: now() })).view;
  return {
    safe,
    module,
    async prepare({ sessionId, scope, validUntilSec, strategyIndex }) {
      const grantNonce = (await client.readContract({ address: module, abi: wardenModuleAbi, functionName: "grantNonce", args: [safe] }).catch((cause: unknown) => {
        throw new ChainUnavailableError({ operation: "read the module's grant nonce for the Safe", cause });
      })) as bigint;
      const onchainScope = safeGrantScope({ chainId, scope, grantId: sessionId, validUntilSec, maxOrderAgeSec, ...(strategyIndex === undefined ? {} : { strategyIndex }) });
      const prepared = prepareSafeSessionGrant({ keys, sessionId, chainId, module, safe, grantNonce, scope: onchainScope });
      try {
        // A shared store: the key is sealed in it before the owners see the grant (an instance that dies loses nothing).
        await keys.durable(sessionId);
        const safe_transaction = await view([prepared.transaction], `Warden session ${scope.strategy_id}`);
        return { safe_grant: { module, grant_data: encodeGrantSession({ module, grant: prepared.grant }).data, first_grant_nonce: grantNonce.toString() }, safe_transaction, session_key: getAddress(prepared.grant.key) };
      } catch (e) {
        // No Safe transaction for the owners: the key must not outlive the request.
        keys.destroy(sessionId);
        throw e instanceof WardenError ? e : new ChainUnavailableError({ operation: "build the Safe transaction (protocol-kit reads the Safe)", cause: e });
      }
    },
    follow(sessionId, grant) {
      activations.track(sessionId, { expected: decodeGrant(grant.grant_data), firstNonce: BigInt(grant.first_grant_nonce) });
      // Another instance may have made the key: have it in memory before the first order (a miss is a denial).
      void keys.load(sessionId).catch(() => undefined);
    },
    refresh: (sessionId) => activations.refresh(sessionId),
    activation: (sessionId) => activations.activation(sessionId),
    async revoke(sessionId) {
      // The key goes first: whatever the chain answers, nothing can be signed for the session again.
      keys.destroy(sessionId);
      const onchain = activations.activation(sessionId)?.onchainSessionId ?? (await activations.refresh(sessionId))?.onchainSessionId;
      activations.forget(sessionId);
      return onchain ? view([encodeRevokeSession({ module, sessionId: onchain })], "Revoke Warden session") : null;
    },
    async describe(sessionId, grant) {
      const expected = decodeGrant(grant.grant_data);
      const activation = activations.activation(sessionId);
      const scopes: SafeSessionScopes = { activation, expected: jsonSafe(expected), onchain: null };
      const id = activation?.onchainSessionId;
      if (!id) return { ...scopes, onchain_problem: "not_found" };
      try {
        const [key, limits, , revoked, paused] = (await client.readContract({ address: module, abi: wardenModuleAbi, functionName: "getSession", args: [safe, id] })) as readonly [Address, Record<string, unknown>, number, boolean, boolean, number];
        return { ...scopes, onchain: { session_id: id, key, limits: jsonSafe(limits), revoked, paused } };
      } catch {
        return { ...scopes, onchain_problem: "unreadable" };
      }
    },
    running: () => activations.running(),
    resumeEvents: (cursor) => activations.resumeEvents(cursor),
    onDriftOnChain(listener) {
      activations.onDrift((id, drift) => listener(id as Hex, drift));
    },
    onRevokedOnChain(listener) {
      activations.onRevoked((id) => listener(id as Hex));
    },
    discard(sessionId) {
      keys.destroy(sessionId);
      activations.forget(sessionId);
    },
    strategyIndexOf(grant) {
      try {
        return Number(decodeGrant(grant.grant_data).limits.strategy);
      } catch {
        return undefined;
      }
    },
  };
}
