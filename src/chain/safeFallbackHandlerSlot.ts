/**
 * The storage slot where a Safe's FallbackManager keeps its fallback handler:
 * keccak256("fallback_manager.handler.address"), the same on every Safe version Warden supports.
 *
 * @example
 * const word = await client.getStorageAt({ address: safe, slot: SAFE_FALLBACK_HANDLER_SLOT }); // the handler in its low 20 bytes
 */
export const SAFE_FALLBACK_HANDLER_SLOT = "0x6c9a6c4a39284e37ed1cf53d337577d14212a4870fb976a4366c693b939918d5" as const;
