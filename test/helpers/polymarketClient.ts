import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Address, Hex } from "viem";

// @polymarket/client 0.2.0 (the pinned dev dependency) keeps its wallet derivation and order
// envelope functions internal: they are not in its exports map, only in its bundled chunk, which
// the tests import by path to compare Warden with it byte for byte. A new version renames the
// chunk, and this import then fails loudly instead of comparing against something else.
const chunk = (await import(pathToFileURL(join(process.cwd(), "node_modules/@polymarket/client/dist/chunk-FA3ZDOJN.js")).href)) as Record<string, (...args: never[]) => unknown>;
const { production } = (await import("@polymarket/client")) as unknown as { production: { walletDerivation: Record<string, string> } };

/** The order input of @polymarket/client's `createExchangeOrderTypedDataPayload`. */
export type PmOrderInput = {
  maker: Address;
  signer: Address;
  signatureType: 0 | 1 | 2 | 3;
  salt: string;
  tokenId: string;
  makerAmount: string;
  takerAmount: string;
  side: 0 | 1;
  timestamp: string;
  metadata: Hex;
  builder: Hex;
};
/** Its exchange domain input. */
export type PmDomain = { chainId: number; exchange: Address; protocolVersion: "2" | "3" };

/** @polymarket/client 0.2.0 `src/wallet.ts`, `src/exchange.ts` (internal functions, by their source names). */
export const polymarketClient = {
  walletDerivation: production.walletDerivation,
  deriveUupsDepositWalletAddress: chunk.K as unknown as (owner: Address, config: unknown) => Address,
  deriveBeaconDepositWalletAddress: chunk.L as unknown as (owner: Address, config: unknown) => Address,
  createExchangeOrderTypedDataPayload: chunk.bd as unknown as (p: { domain: PmDomain; order: PmOrderInput }) => {
    domain: Record<string, unknown>;
    types: Record<string, readonly { name: string; type: string }[]>;
    primaryType: string;
    message: Record<string, unknown>;
  },
  createExchangeOrderSignature: chunk.cd as unknown as (p: { domain: PmDomain; order: PmOrderInput; signature: Hex }) => Hex,
};
