import { type Address, type Hex, type LocalAccount, createPublicClient, createWalletClient, encodeFunctionData, http } from "viem";
import { userPauseAbi } from "../core/polymarket/userPauseAbi";

/** What happened on one exchange. */
export type UserPauseOutcome = {
  exchange: Address;
  outcome: "paused" | "already_paused" | "unpaused" | "not_paused" | "failed";
  tx_hash?: Hex;
  /** Block the pause takes effect (`userPausedBlockAt`): orders of the wallet stop matching from it. */
  effective_block?: string;
  /** Block the transaction was included in. */
  block?: string;
  error?: string;
};

/** A pause or unpause across the exchanges. `complete` when no exchange failed. */
export type UserPauseReport = {
  id: string;
  action: "pause" | "unpause";
  status: "complete" | "incomplete";
  started_at_ms: number;
  finished_at_ms: number;
  chain_id: number | null;
  exchanges: UserPauseOutcome[];
  /** safe-module mode: the guardian's `pauseSafe(safe, true)` on the module (every session of the Safe). */
  safe_pause?: { module: Address; outcome: "paused" | "failed"; tx_hash?: Hex; block?: string; error?: string };
  /** safe-module: the guardian's `pauseStrategy(safe, strategy)` per strategy index (no exchange call). */
  strategy_pauses?: Array<{ strategy: number; outcome: "paused" | "failed"; tx_hash?: Hex; block?: string; error?: string }>;
};

/** Parameters of {@link createUserPauser}. */
export type CreateUserPauserParameters = {
  /** JSON-RPC URL of the chain (may carry a provider key: never logged or reported). */
  rpcUrl: string;
  /** The chain the RPC must serve; nothing is sent to another. */
  chainId: number;
  exchanges: readonly Address[];
  /** The wallet's account (`toUserPauseAccount`: it signs only these calls). */
  account: LocalAccount;
  /** How long to wait for the transactions' receipts, ms. */
  timeoutMs: number;
  now?: () => number;
};

/**
 * Pauses and unpauses the wallet on the exchanges. Never rejects: the report says what happened.
 * A pauser that cannot lift its pause (the Safe's guardian) has no `unpause`, and says who can.
 */
export type UserPauser = {
  pause(): Promise<UserPauseReport>;
  unpause?: () => Promise<UserPauseReport>;
  /** safe-module: the guardian's `pauseStrategy(safe, i)` for each index (a strategy, family or cluster switch). */
  pauseStrategies?: (indices: readonly number[]) => Promise<UserPauseReport>;
  /** Why there is no `unpause`, and who lifts the pause instead. */
  unpauseRefusal?: string;
};

/**
 * viem's short message of a chain error (or the error's name), with the RPC URL — which may carry
 * a provider key — cut out, at most 300 characters.
 *
 * @param e - What was thrown.
 * @param rpcUrl - The URL to cut out.
 * @returns The text for a report.
 * @example
 * chainErrorText(new Error("x"), "https://rpc.example/key") // "Error"
 */
export function chainErrorText(e: unknown, rpcUrl: string): string {
  const text = (e as { shortMessage?: unknown })?.shortMessage;
  return (typeof text === "string" ? text : e instanceof Error ? e.name : "unknown error").split(rpcUrl).join("[rpc]").slice(0, 300);
}

/**
 * The exchanges' own kill switch for the wallet's orders, from the wallet (eoa mode): `pause()`
 * sends `pauseUser()` to every exchange on which no pause is recorded (`userPausedBlockAt` is 0;
 * the call would revert `UserAlreadyPaused` otherwise), with consecutive nonces, and waits for the
 * receipts; from the recorded block (100 blocks later by default) the exchange refuses to match
 * the wallet's orders, even those the operator preapproved. `unpause()` sends `unpauseUser()`
 * where a pause is recorded. A viem wallet client over `rpcUrl` signs with `account`; the RPC must
 * serve `chainId`. Errors are reduced to viem's short message (never the RPC URL).
 *
 * @param parameters - `{ rpcUrl, chainId, exchanges, account, timeoutMs, now? }`.
 * @returns The pauser.
 * @example
 * ```ts
 * const pauser = createUserPauser({ rpcUrl, chainId: 137, exchanges, account: toUserPauseAccount({ key, exchanges }), timeoutMs: 120_000 });
 * const report = await pauser.pause(); // { status: "complete", exchanges: [{ outcome: "paused", effective_block: "…" }, …] }
 * ```
 */
export function createUserPauser({ rpcUrl, chainId, exchanges, account, timeoutMs, now = Date.now }: CreateUserPauserParameters): UserPauser {
  const transport = http(rpcUrl, { retryCount: 2, timeout: Math.min(timeoutMs, 30_000) });
  const publicClient = createPublicClient({ transport });
  const walletClient = createWalletClient({ account, transport });
  let serial = 0;
  const errorText = (e: unknown) => chainErrorText(e, rpcUrl);

  const run = async (action: "pause" | "unpause"): Promise<UserPauseReport> => {
    const started = now();
    const report: UserPauseReport = { id: `${action}-${started}-${++serial}`, action, status: "complete", started_at_ms: started, finished_at_ms: started, chain_id: null, exchanges: [] };
    const fail = (error: string) => {
      for (const exchange of exchanges) if (!report.exchanges.some((o) => o.exchange === exchange)) report.exchanges.push({ exchange, outcome: "failed", error });
    };
    try {
      report.chain_id = await publicClient.getChainId();
      if (report.chain_id !== chainId) {
        fail(`the RPC serves chain ${report.chain_id}, not ${chainId}: nothing sent`);
        return report;
      }
      const pausedAt = await Promise.all(
        exchanges.map((exchange) => publicClient.readContract({ address: exchange, abi: userPauseAbi, functionName: "userPausedBlockAt", args: [account.address] })),
      );
      const todo = exchanges.filter((_, i) => (action === "pause" ? pausedAt[i] === 0n : pausedAt[i] !== 0n));
      for (const [i, exchange] of exchanges.entries())
        if (!todo.includes(exchange))
          report.exchanges.push(
            action === "pause" ? { exchange, outcome: "already_paused", effective_block: (pausedAt[i] as bigint).toString() } : { exchange, outcome: "not_paused" },
          );
      let nonce = await publicClient.getTransactionCount({ address: account.address, blockTag: "pending" });
      const sent: Array<{ exchange: Address; hash: Hex | null; error?: string }> = [];
      for (const exchange of todo) {
        try {
          const hash = await walletClient.sendTransaction({
            chain: null,
            to: exchange,
            data: encodeFunctionData({ abi: userPauseAbi, functionName: action === "pause" ? "pauseUser" : "unpauseUser" }),
            nonce: nonce++,
          });
          sent.push({ exchange, hash });
        } catch (e) {
          sent.push({ exchange, hash: null, error: errorText(e) });
          nonce = await publicClient.getTransactionCount({ address: account.address, blockTag: "pending" });
        }
      }
      await Promise.all(
        sent.map(async ({ exchange, hash, error }) => {
          if (!hash) {
            report.exchanges.push({ exchange, outcome: "failed", error: error ?? "not sent" });
            return;
          }
          try {
            const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: timeoutMs });
            if (receipt.status !== "success") {
              report.exchanges.push({ exchange, outcome: "failed", tx_hash: hash, block: receipt.blockNumber.toString(), error: "reverted" });
              return;
            }
            const at = await publicClient.readContract({ address: exchange, abi: userPauseAbi, functionName: "userPausedBlockAt", args: [account.address] });
            report.exchanges.push({
              exchange,
              outcome: action === "pause" ? "paused" : "unpaused",
              tx_hash: hash,
              block: receipt.blockNumber.toString(),
              ...(action === "pause" ? { effective_block: at.toString() } : {}),
            });
          } catch (e) {
            report.exchanges.push({ exchange, outcome: "failed", tx_hash: hash, error: errorText(e) });
          }
        }),
      );
    } catch (e) {
      fail(errorText(e));
    } finally {
      report.finished_at_ms = now();
      report.exchanges.sort((a, b) => exchanges.indexOf(a.exchange) - exchanges.indexOf(b.exchange));
      if (report.exchanges.some((o) => o.outcome === "failed")) report.status = "incomplete";
    }
    return report;
  };

  return { pause: () => run("pause"), unpause: () => run("unpause") };
}
