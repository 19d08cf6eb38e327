import { type Address, type LocalAccount, createPublicClient, createWalletClient, encodeFunctionData, getAddress, http, parseEventLogs } from "viem";
import { userPauseAbi } from "../core/polymarket/userPauseAbi";
import { type UserPauseReport, type UserPauser, chainErrorText } from "./createUserPauser";
import { wardenModuleAbi } from "./generated/wardenModuleAbi";

/** Parameters of {@link createGuardianPauser}. */
export type CreateGuardianPauserParameters = {
  /** JSON-RPC URL of the chain (may carry a provider key: never logged or reported). */
  rpcUrl: string;
  /** The chain the RPC must serve; nothing is sent to another. */
  chainId: number;
  safe: Address;
  module: Address;
  /** The exchanges the module pauses the Safe on (its known exchanges), for the report. */
  exchanges: readonly Address[];
  /** The guardian's account (`toGuardianAccount`: it signs only `pauseSafe(safe, true)`). */
  account: LocalAccount;
  /** How long to wait for the receipt, ms. */
  timeoutMs: number;
  now?: () => number;
};

/** What the owners execute to lift the guardian's pause (the guardian never can). */
export const UNPAUSE_BY_THE_SAFE =
  "the guardian cannot lift its pause: the Safe's owners execute WardenModule.unpauseSafe(true) from the Safe (Safe{Wallet} or protocol-kit), which lifts the pause of every session and calls unpauseUser() on every known exchange";

/**
 * The on-chain kill switch of `safe-module` mode: `pause()` has the risk team's guardian key send
 * `WardenModule.pauseSafe(safe, true)` — the module stops every session of the Safe at once (no
 * order they signed validates any more, no call executes) and calls `pauseUser()` from the Safe
 * on every exchange it knows, so from the exchange's effective block even orders the operator
 * preapproved stop matching. First it checks that the RPC serves `chainId` and that the module's
 * guardian of the Safe is this key (otherwise the module would revert: nothing is sent). The
 * report names the module pause and, per exchange, the `ExchangeUserPauseCalled` outcome read
 * from the receipt: `paused` with the effective block, `already_paused` (a pause was recorded
 * before), or `failed`. There is no `unpause`: unpausing stays with the Safe
 * ({@link UNPAUSE_BY_THE_SAFE}). Never rejects; errors are reduced to viem's short message
 * (never the RPC URL).
 *
 * @param parameters - `{ rpcUrl, chainId, safe, module, exchanges, account, timeoutMs, now? }`.
 * @returns The pauser (pause only).
 * @example
 * ```ts
 * const pauser = createGuardianPauser({ rpcUrl, chainId: 137, safe, module, exchanges, account: toGuardianAccount({ key, module, safe }), timeoutMs: 120_000 });
 * const report = await pauser.pause(); // { status: "complete", safe_pause: { outcome: "paused", … }, exchanges: [{ outcome: "paused", effective_block: "…" }, …] }
 * ```
 */
export function createGuardianPauser({ rpcUrl, chainId, safe, module, exchanges, account, timeoutMs, now = Date.now }: CreateGuardianPauserParameters): UserPauser {
  const transport = http(rpcUrl, { retryCount: 2, timeout: Math.min(timeoutMs, 30_000) });
  const publicClient = createPublicClient({ transport });
  const walletClient = createWalletClient({ account, transport });
  let serial = 0;
  /** Why nothing may be sent (the RPC serves another chain, or this key is not the module's guardian of the Safe), or null. */
  const whyNotSend = async (report: UserPauseReport): Promise<string | null> => {
    report.chain_id = await publicClient.getChainId();
    if (report.chain_id !== chainId) return `the RPC serves chain ${report.chain_id}, not ${chainId}: nothing sent`;
    const [guardian] = await publicClient.readContract({ address: module, abi: wardenModuleAbi, functionName: "getSafeState", args: [safe] });
    return getAddress(guardian) === getAddress(account.address)
      ? null
      : `the module's guardian of the Safe is ${getAddress(guardian)}, not the configured guardian key ${getAddress(account.address)}: nothing sent (the Safe sets it: warden safe setup with wallet.guardian)`;
  };
  const pausedAt = (exchange: Address) => publicClient.readContract({ address: exchange, abi: userPauseAbi, functionName: "userPausedBlockAt", args: [safe] });

  const pause = async (): Promise<UserPauseReport> => {
    const started = now();
    const report: UserPauseReport = { id: `pause-${started}-${++serial}`, action: "pause", status: "complete", started_at_ms: started, finished_at_ms: started, chain_id: null, exchanges: [], safe_pause: { module, outcome: "failed" } };
    const fail = (error: string) => {
      if (report.safe_pause?.outcome === "failed") report.safe_pause.error ??= error;
      for (const exchange of exchanges) if (!report.exchanges.some((o) => o.exchange === exchange)) report.exchanges.push({ exchange, outcome: "failed", error });
    };
    try {
      const refused = await whyNotSend(report);
      if (refused) return (fail(refused), report);
      const before = await Promise.all(exchanges.map(pausedAt));
      const hash = await walletClient.sendTransaction({ chain: null, to: module, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "pauseSafe", args: [safe, true] }) });
      report.safe_pause = { module, outcome: "failed", tx_hash: hash };
      const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: timeoutMs });
      report.safe_pause.block = receipt.blockNumber.toString();
      if (receipt.status !== "success") return (fail("reverted"), report);
      report.safe_pause.outcome = "paused";
      const calls = parseEventLogs({ abi: wardenModuleAbi, eventName: "ExchangeUserPauseCalled", logs: receipt.logs }).filter((l) => getAddress(l.address) === getAddress(module));
      for (const [i, exchange] of exchanges.entries()) {
        const called = calls.find((l) => getAddress(l.args.exchange) === getAddress(exchange));
        const common = { exchange, tx_hash: hash, block: receipt.blockNumber.toString() };
        if ((before[i] as bigint) !== 0n) report.exchanges.push({ ...common, outcome: "already_paused", effective_block: (before[i] as bigint).toString() });
        else if (called?.args.success) report.exchanges.push({ ...common, outcome: "paused", effective_block: (await pausedAt(exchange)).toString() });
        else report.exchanges.push({ ...common, outcome: "failed", error: called ? "the exchange refused the Safe's pauseUser()" : "the module does not know this exchange" });
      }
    } catch (e) {
      fail(chainErrorText(e, rpcUrl));
    } finally {
      report.finished_at_ms = now();
      report.exchanges.sort((a, b) => exchanges.indexOf(a.exchange) - exchanges.indexOf(b.exchange));
      if (report.safe_pause?.outcome === "failed" || report.exchanges.some((o) => o.outcome === "failed")) report.status = "incomplete";
    }
    return report;
  };

  const pauseStrategies = async (indices: readonly number[]): Promise<UserPauseReport> => {
    const started = now();
    const report: UserPauseReport = { id: `pause-strategies-${started}-${++serial}`, action: "pause", status: "complete", started_at_ms: started, finished_at_ms: started, chain_id: null, exchanges: [], strategy_pauses: [] };
    const outcomes = report.strategy_pauses as NonNullable<UserPauseReport["strategy_pauses"]>;
    const fail = (error: string) => {
      for (const strategy of new Set(indices)) if (!outcomes.some((o) => o.strategy === strategy)) outcomes.push({ strategy, outcome: "failed", error });
    };
    try {
      const refused = await whyNotSend(report);
      if (refused) return (fail(refused), report);
      for (const strategy of [...new Set(indices)].sort((a, b) => a - b)) {
        try {
          const hash = await walletClient.sendTransaction({ chain: null, to: module, data: encodeFunctionData({ abi: wardenModuleAbi, functionName: "pauseStrategy", args: [safe, strategy] }) });
          const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: timeoutMs });
          outcomes.push({ strategy, outcome: receipt.status === "success" ? "paused" : "failed", tx_hash: hash, block: receipt.blockNumber.toString(), ...(receipt.status === "success" ? {} : { error: "reverted" }) });
        } catch (e) {
          outcomes.push({ strategy, outcome: "failed", error: chainErrorText(e, rpcUrl) });
        }
      }
    } catch (e) {
      fail(chainErrorText(e, rpcUrl));
    } finally {
      report.finished_at_ms = now();
      if (outcomes.some((o) => o.outcome === "failed")) report.status = "incomplete";
    }
    return report;
  };

  return { pause, pauseStrategies, unpauseRefusal: UNPAUSE_BY_THE_SAFE };
}
