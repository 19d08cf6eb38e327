import { type Address, type PublicClient, getAddress } from "viem";

// Safe's FallbackManager keeps the handler at keccak256("fallback_manager.handler.address"), on every Safe version Warden supports.
const SAFE_FALLBACK_HANDLER_SLOT = "0x6c9a6c4a39284e37ed1cf53d337577d14212a4870fb976a4366c693b939918d5";

/**
 * Reads the fallback handler a Safe has set, straight from its storage (the zero address when none is).
 *
 * @param client - A client of the Safe's chain.
 * @param safe - The Safe.
 * @returns The handler, checksummed.
 * @example
 * const handler = await readSafeFallbackHandler(publicClient, safe); // the ExtensibleFallbackHandler after `warden safe setup`
 */
export async function readSafeFallbackHandler(client: Pick<PublicClient, "getStorageAt">, safe: Address): Promise<Address> {
  const word = await client.getStorageAt({ address: safe, slot: SAFE_FALLBACK_HANDLER_SLOT });
  return getAddress(`0x${(word ?? "0x").slice(2).padStart(64, "0").slice(24)}`);
}
