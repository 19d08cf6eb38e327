import { create2Factory } from "./create2Factory";

/**
 * The deterministic-deployment proxy is missing on this chain (deploy it first; on local chains
 * `deployLocal` installs it).
 *
 * @example
 * throw new Create2FactoryMissingError(80002);
 */
export class Create2FactoryMissingError extends Error {
  override name = "Create2FactoryMissingError";
  readonly code = "WARDEN_ERR_CREATE2_FACTORY_MISSING";
  constructor(readonly chainId: number) {
    super(`No deterministic-deployment proxy at ${create2Factory.address} on chain ${chainId}.`);
  }
}
