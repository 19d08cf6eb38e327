import type { Address } from "viem";

/**
 * A CREATE2 deployment left no code at the predicted address (the init code reverted).
 *
 * @example
 * throw new DeploymentFailedError("0x…");
 */
export class DeploymentFailedError extends Error {
  override name = "DeploymentFailedError";
  readonly code = "WARDEN_ERR_DEPLOYMENT_FAILED";
  constructor(readonly address: Address) {
    super(`CREATE2 deployment produced no code at ${address}.`);
  }
}
