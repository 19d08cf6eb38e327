import { createRequire } from "node:module";
import type { Hex } from "viem";

const require = createRequire(import.meta.url);

/**
 * Safe 1.5.0's ExtensibleFallbackHandler init code, from `@safe-global/safe-smart-account`'s
 * artifact (no constructor arguments).
 *
 * @returns The init code.
 * @example
 * await deployDeterministic({ publicClient, walletClient, initCode: extensibleFallbackHandlerInitCode(), salt: WARDEN_SALT });
 */
export function extensibleFallbackHandlerInitCode(): Hex {
  const artifact = require(
    "@safe-global/safe-smart-account/build/artifacts/contracts/handler/ExtensibleFallbackHandler.sol/ExtensibleFallbackHandler.json",
  ) as { bytecode: Hex };
  return artifact.bytecode;
}
