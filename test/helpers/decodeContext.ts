import type { Address } from "viem";
import { createOrderHasher } from "../../src/signer/createOrderHasher";
import type { DecodeContext } from "../../src/signer/decodeSigningRequest";

export const NOW_MS = 1_790_000_000_000;

/** A decoder context for `wallet`, with the default windows (60 s age, 5 s skew, 300 s ClobAuth). */
export function decodeContext(wallet: string, over: Partial<DecodeContext> = {}): DecodeContext {
  const own = wallet.toLowerCase() as Address;
  return {
    chainId: 137,
    hasher: createOrderHasher({ chainId: 137 }),
    expects: { maker: own, signer: own, clobAuthAddress: own, signatureType: 0 },
    nowMs: NOW_MS,
    maxOrderAgeMs: 60_000,
    maxOrderFutureSkewMs: 5_000,
    maxClobAuthAgeMs: 300_000,
    maxAmountUnits: 1_000_000_000_000_000n,
    ...over,
  };
}
