import type { Logger } from "pino";
import type { Address, PublicClient } from "viem";
import type { SessionSignerAuthorization } from "../signer/wallets/createDepositWallet";
import { depositWalletAbi } from "./depositWalletAbi";
import { createChainPoller } from "./createChainPoller";

/** Parameters of {@link depositWalletAuthorizationWatcher}. */
export type DepositWalletAuthorizationWatcherParameters = {
  /** Reads the chain (viem public client over `wallet.rpc_url`). */
  client: Pick<PublicClient, "readContract">;
  depositWallet: Address;
  sessionSigner: Address;
  /** Pause between two reads. */
  pollIntervalMs: number;
  now?: () => number;
  logger?: Logger;
};

/** The watcher: the latest answer in memory, refreshed in the background. */
export type DepositWalletAuthorizationWatcher = {
  /** The latest successful read (null until the first). Synchronous: what the signing path reads. */
  current(): SessionSignerAuthorization | null;
  /** Reads now (one read at a time; concurrent callers share it). Resolves `false` when the read failed. */
  refreshNow(): Promise<boolean>;
  /** Polls every `pollIntervalMs` until {@link DepositWalletAuthorizationWatcher.stop}. */
  start(): void;
  /** Stops polling and waits for a read in flight. */
  stop(): Promise<void>;
};

/**
 * Keeps the deposit wallet's authorisation of Warden's session signer fresh off the signing path:
 * polls `sessionSignerAuthorizedUntil(sessionSigner)` (so an owner's `revokeSessionSigner`, an
 * expiry or a new authorisation is seen within one interval) and keeps the last answer with the
 * time it was asked. A failed read keeps the old answer, which then ages: the wallet fails closed
 * once it is older than its staleness bound and resumes with the next successful read. Logs each
 * change of state once, never per poll.
 *
 * @param parameters - Client, addresses, interval.
 * @returns The watcher (not started).
 * @example
 * const watcher = depositWalletAuthorizationWatcher({ client, depositWallet, sessionSigner, pollIntervalMs: 4000 });
 * await watcher.refreshNow(); watcher.start();
 */
export function depositWalletAuthorizationWatcher(parameters: DepositWalletAuthorizationWatcherParameters): DepositWalletAuthorizationWatcher {
  const { client, depositWallet, sessionSigner, pollIntervalMs, now = Date.now, logger } = parameters;
  let state: SessionSignerAuthorization | null = null;
  let failing = false;

  const read = async (): Promise<boolean> => {
    // The answer is at least as old as the question: stamp it with when it was asked.
    const askedAtMs = now();
    try {
      const validUntilSec = await client.readContract({ address: depositWallet, abi: depositWalletAbi, functionName: "sessionSignerAuthorizedUntil", args: [sessionSigner] });
      if (state?.validUntilSec !== validUntilSec || failing)
        logger?.info({ deposit_wallet: depositWallet, session_signer: sessionSigner, valid_until_s: validUntilSec.toString() }, validUntilSec === 0n ? "session signer not authorised on-chain" : "session signer authorisation read");
      state = { validUntilSec, readAtMs: askedAtMs };
      failing = false;
      return true;
    } catch (e) {
      if (!failing) logger?.warn({ deposit_wallet: depositWallet, error: e instanceof Error ? e.name : "unknown" }, "cannot read the session signer's authorisation: signing stops once the last answer is stale");
      failing = true;
      return false;
    }
  };

  const poller = createChainPoller({ read, intervalMs: pollIntervalMs });

  return {
    current: () => state,
    refreshNow: poller.run,
    start: poller.start,
    stop: poller.stop,
  };
}
