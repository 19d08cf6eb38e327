import type { Address, Hex, PublicClient } from "viem";
import type { SafeSessionActivation } from "./createSafeModuleWallet";
import type { WardenSessionGrant } from "./encodeGrantSession";
import { wardenModuleAbi } from "./generated/wardenModuleAbi";

/** Parameters of {@link readSafeSessionActivation}. */
export type ReadSafeSessionActivationParameters = {
  client: Pick<PublicClient, "readContract">;
  module: Address;
  safe: Address;
  /** The session id the grant gets (known before it is mined: `wardenSessionId`). */
  onchainSessionId: Hex;
  /** The grant Warden built for the owners (the off-chain scope's on-chain half). */
  expected: WardenSessionGrant;
  /** The chain's time, unix seconds. */
  nowSec: number;
};

const LIMIT_FIELDS = ["validUntil", "maxOrderAgeSec", "maxPerCallMicroUsd", "minSellPriceMicroUsd", "maxBuyPriceMicroUsd", "maxCalls", "maxValuePerCallWei", "exchangeMask", "strategy", "tokenAllowlist"] as const;

const asBigInt = (v: unknown): bigint => (typeof v === "boolean" ? (v ? 1n : 0n) : BigInt(v as number | bigint));

/**
 * Reads a Safe session back from the Warden module and says whether Warden may sign for it: only
 * when the grant is on-chain, not revoked, paused (the session, its strategy or the whole Safe, by
 * the guardian or the Safe: `fields` says which) or expired, and every part of the scope Warden asked the
 * owners to grant is what the module stores — the key, each limit (cap, price band, budget, lifetime,
 * order age, exchanges, strategy, token allowlist flag), every call pair, spender, recipient and
 * token. An owner-edited or partial grant is a `mismatch` naming the fields. Extra call pairs or
 * tokens the owners added later by `setSessionCalls`/`setSessionTokens` are not seen by these point
 * reads (following the module's events is the next issue's work). Any read failure
 * throws (the caller keeps the session inactive: fail closed).
 *
 * @param parameters - Client, module, Safe, session id, expected grant, chain time.
 * @returns The activation state for {@link createSafeModuleWallet}.
 * @example
 * activations.set(sessionId, await readSafeSessionActivation({ client, module, safe, onchainSessionId, expected: grant, nowSec }));
 */
export async function readSafeSessionActivation({ client, module, safe, onchainSessionId, expected, nowSec }: ReadSafeSessionActivationParameters): Promise<SafeSessionActivation> {
  const read = <F extends "getSession" | "isCallAllowed" | "isSpender" | "isRecipient" | "isTokenAllowed">(functionName: F, args: readonly unknown[]) =>
    client.readContract({ address: module, abi: wardenModuleAbi, functionName, args } as never) as Promise<unknown>;
  const [[key, limits, , revoked, sessionPaused], [, safePaused, pausedStrategies]] = (await Promise.all([
    read("getSession", [safe, onchainSessionId]),
    client.readContract({ address: module, abi: wardenModuleAbi, functionName: "getSafeState", args: [safe] }),
  ])) as [readonly [Address, Record<string, unknown>, number, boolean, boolean, number], readonly [Address, boolean, bigint]];
  if (/^0x0{40}$/i.test(key)) return { active: false, problem: "pending", onchainSessionId };
  if (revoked) return { active: false, problem: "revoked", onchainSessionId };
  // A pause the guardian or the Safe set on-chain: the module refuses every order of the session, so Warden signs none.
  const paused = [
    ...(safePaused ? ["safe"] : []),
    ...(((pausedStrategies >> BigInt(Number(limits.strategy))) & 1n) === 1n ? [`strategy ${Number(limits.strategy)}`] : []),
    ...(sessionPaused ? ["session"] : []),
  ];
  if (paused.length > 0) return { active: false, problem: "paused", onchainSessionId, fields: paused };

  const fields: string[] = [];
  if (key.toLowerCase() !== expected.key.toLowerCase()) fields.push("key");
  const want = expected.limits as unknown as Record<string, unknown>;
  for (const f of LIMIT_FIELDS) if (asBigInt(limits[f]) !== asBigInt(want[f])) fields.push(`limits.${f}`);
  const checks: [string, Promise<unknown>][] = [
    ...expected.calls.map((c, i): [string, Promise<unknown>] => [`calls[${i}]`, read("isCallAllowed", [onchainSessionId, c.target, c.selector])]),
    ...expected.spenders.map((a, i): [string, Promise<unknown>] => [`spenders[${i}]`, read("isSpender", [onchainSessionId, a])]),
    ...expected.recipients.map((a, i): [string, Promise<unknown>] => [`recipients[${i}]`, read("isRecipient", [onchainSessionId, a])]),
    ...expected.tokenIds.map((t, i): [string, Promise<unknown>] => [`tokenIds[${i}]`, read("isTokenAllowed", [onchainSessionId, t])]),
  ];
  const answers = await Promise.all(checks.map(([, p]) => p));
  for (const [i, ok] of answers.entries()) if (ok !== true) fields.push(checks[i]![0]);
  if (fields.length > 0) return { active: false, problem: "mismatch", onchainSessionId, fields };
  if (Number(limits.validUntil) <= nowSec) return { active: false, problem: "expired", onchainSessionId };
  return { active: true, onchainSessionId };
}
