import { type Hex, hashTypedData, hexToBytes, isAddressEqual } from "viem";
import { sessionGrantTypes, sessionRevokeTypes, wardenDomain } from "../core/sessionTypedData";
import type { WalletKey } from "../signer/WalletKey";
import { CliError } from "./cliOutput";

const uintFields = new Set(["maxPerCallSizeMicros", "maxBuyPriceMicros", "minSellPriceMicros", "maxCallsPerSession", "idleTimeoutSec", "requireReapprovalSec", "issuedAt", "validUntil"]);

/**
 * The owner's signature of a SessionGrant or SessionRevoke document the API handed over. The key
 * signs only that document type, on Warden's own domain for the configured chain, for its own
 * wallet: a server answer cannot make the owner sign an order, a permit or another wallet's grant.
 */
export function signOwnerDocument({ key, chainId, kind, typedData }: { key: WalletKey; chainId: number; kind: "SessionGrant" | "SessionRevoke"; typedData: unknown }): Hex {
  const td = typedData as { primaryType?: unknown; message?: Record<string, unknown>; domain?: Record<string, unknown> };
  const wallet = td?.message?.wallet;
  if (td?.primaryType !== kind || typeof wallet !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(wallet) || Number(td.domain?.chainId) !== chainId || td.domain?.name !== "Warden")
    throw new CliError(1, "document_refused", `Warden's answer is not a ${kind} document for chain ${chainId}; nothing was signed`);
  if (!isAddressEqual(wallet as Hex, key.address))
    throw new CliError(1, "document_refused", `the ${kind} is for wallet ${wallet}, the keystore holds ${key.address}; nothing was signed (check wallet.keystore_path)`);
  const message = Object.fromEntries(Object.entries(td.message!).map(([k, v]) => [k, uintFields.has(k) ? BigInt(v as string) : v]));
  const digest =
    kind === "SessionGrant"
      ? hashTypedData({ domain: wardenDomain(chainId), types: sessionGrantTypes, primaryType: "SessionGrant", message: message as never })
      : hashTypedData({ domain: wardenDomain(chainId), types: sessionRevokeTypes, primaryType: "SessionRevoke", message: message as never });
  return key.signDigest(hexToBytes(digest));
}
