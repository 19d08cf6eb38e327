// Issue 14's bench row: does Warden (safe-module mode) ever sign what the Warden module refuses?
// The property test's harness (test/safe/proxyModuleAgreement.ts) at bench size: 10,000 (scope, order)
// pairs on a local chain-137 Hardhat network, a 2-of-3 Safe 1.5.0, every scope granted on-chain.
import fc from "fast-check";
import { network } from "hardhat";
import { type AgreementReport, agreementWorld, deliberatelyStricter, runAgreement, scopeCaseArbitrary } from "../test/safe/proxyModuleAgreement";

/** What `npm run bench` stores under `module_agreement` in bench/results.json. */
export type ModuleAgreementResult = {
  pairs: number;
  approvals: number;
  denials: number;
  /** Warden signed and the module refuses the order or the Safe the signature (target 0). */
  disagreements: number;
  /** Pairs the module accepts (in scope). */
  module_accepts: number;
  /** The module accepts, Warden denied, by cause; `unexplained` must be 0 (Warden is stricter only on purpose). */
  stricter: Record<string, number>;
  /** The run's fast-check seed: a disagreement is replayed with it. */
  seed: number;
  seconds: number;
};

/** Orders per scope in the harness. */
const ORDERS_PER_SCOPE = 20;
/** Scopes granted, then checked, per round (each round's grants batch 10 per Safe transaction). */
const SCOPES_PER_ROUND = 100;

/**
 * Runs `pairs` generated (scope, order) pairs (rounded up to whole scopes of 20 orders): every scope
 * granted on-chain by the Safe's owners and activated in an in-process Warden, every order asked of
 * Warden through clob-client-v2's builder and of the module by `eth_call`, every signature Warden
 * returned checked by the Safe's `isValidSignature`.
 *
 * @param parameters.pairs - How many pairs, e.g. 10,000.
 * @param parameters.seed - fast-check seed (default: the clock, reported in the result).
 * @returns The counts; `disagreements` is the target 0.
 * @example
 * const { disagreements } = await benchModuleAgreement({ pairs: 10_000 });
 */
export async function benchModuleAgreement({ pairs, seed = Date.now() % 2 ** 31 }: { pairs: number; seed?: number }): Promise<ModuleAgreementResult> {
  const started = performance.now();
  const connection = await network.connect({ override: { chainId: 137 } });
  const world = await agreementWorld(connection);
  const scopes = Math.ceil(pairs / ORDERS_PER_SCOPE);
  const cases = fc.sample(scopeCaseArbitrary(world.wardens.length), { seed, numRuns: scopes });
  const result: ModuleAgreementResult = { pairs: 0, approvals: 0, denials: 0, disagreements: 0, module_accepts: 0, stricter: {}, seed, seconds: 0 };
  const examples: AgreementReport["disagreements"] = [];
  try {
    for (let i = 0; i < cases.length; i += SCOPES_PER_ROUND) {
      const r = await runAgreement(world, cases.slice(i, i + SCOPES_PER_ROUND));
      result.pairs += r.pairs;
      result.approvals += r.approvals;
      result.denials += r.denials;
      result.disagreements += r.disagreements.length;
      result.module_accepts += r.module_accepts;
      for (const p of r.stricter) {
        const cause = deliberatelyStricter(p) ?? "unexplained";
        result.stricter[cause] = (result.stricter[cause] ?? 0) + 1;
      }
      examples.push(...r.disagreements.slice(0, 3));
    }
  } finally {
    await world.close();
    await connection.close();
  }
  if (examples.length > 0) console.error(`module agreement: ${result.disagreements} disagreements (seed ${seed}), e.g.\n${JSON.stringify(examples, null, 2)}`);
  result.seconds = Math.round((performance.now() - started) / 100) / 10;
  return result;
}
