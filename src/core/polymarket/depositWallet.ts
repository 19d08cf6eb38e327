import type { Address, Hex } from "viem";
import { ORDER_TYPE_STRING } from "./orderTypes";

// Polymarket's deposit wallets (POLY_1271): the facts Warden's deposit-wallet mode is built on,
// written once. Sources (README "Deposit-wallet mode"): @polymarket/client 0.2.0 (src/wallet.ts,
// src/exchange.ts, src/environments.ts, src/actions/gasless.ts), Polymarket/ts-sdk
// packages/client/src/wallet.ts (wrapDepositWalletSessionSignerSignature) and Polymarket's
// DepositWallet.sol / SessionSignerLib.sol.

/**
 * Polygon deployment of the deposit-wallet system (`production.walletDerivation` in
 * @polymarket/client 0.2.0): the factory that deploys every wallet and operates `execute`, and the
 * two implementations a wallet address may be derived from (UUPS proxy over `implementation`, or
 * beacon proxy over `beacon`). Lower-case.
 */
export const depositWalletDeployment = {
  factory: "0x00000000000fb5c9adea0298d729a0cb3823cc07",
  beacon: "0x7a18edfe055488a3128f01f563e5b479d92ffc3a",
  implementation: "0x58ca52ebe0dadfdf531cde7062e76746de4db1eb",
} as const satisfies Record<string, Address>;

/** EIP-712 name of a deposit wallet's own domain (`_domainNameAndVersion` in DepositWallet.sol). */
export const DEPOSIT_WALLET_DOMAIN_NAME = "DepositWallet" as const;
/** EIP-712 version of a deposit wallet's own domain. */
export const DEPOSIT_WALLET_DOMAIN_VERSION = "1" as const;

/**
 * ERC-7739 `TypedDataSign` over a V2 order, field for field as clob-client-v2 1.1.0 and
 * @polymarket/client 0.2.0 send it: the order is `contents`, the other fields are the wallet's
 * EIP-712 domain (salt 0).
 */
export const typedDataSignTypeFields = [
  { name: "contents", type: "Order" },
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
  { name: "salt", type: "bytes32" },
] as const;

/** The encoded `TypedDataSign` type (its fields, then the referenced `Order` type). */
export const TYPED_DATA_SIGN_TYPE_STRING = `TypedDataSign(${typedDataSignTypeFields.map((f) => `${f.type} ${f.name}`).join(",")})${ORDER_TYPE_STRING}`;

/**
 * The deposit wallet's `Batch` (what `execute(Batch, signature)` runs: the only way to call
 * `authorizeSessionSigner` / `revokeSessionSigner`, which are `onlySelf`), as @polymarket/client
 * 0.2.0 `createDepositWalletBatchTypedDataPayload` types it.
 */
export const depositWalletBatchTypes = {
  Batch: [
    { name: "wallet", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
    { name: "calls", type: "Call[]" },
  ],
  Call: [
    { name: "target", type: "address" },
    { name: "value", type: "uint256" },
    { name: "data", type: "bytes" },
  ],
} as const;

/**
 * The longest a `Batch` deadline may lie ahead, in seconds (clob-client-v2
 * examples/account/approveDepositWalletAllowances.ts: "deadline ≤ 300 s").
 */
export const DEPOSIT_WALLET_MAX_BATCH_DEADLINE_S = 300;

/**
 * The 32 bytes that end a session-signer signature (`SESSION_SIGNER_MAGIC_BYTES`, the ERC-6492
 * suffix reused): `abi.encode(bytes32(signer), bytes32(0), bytes inner) ‖ magic`.
 */
export const SESSION_SIGNER_MAGIC: Hex = `0x${"6492".repeat(16)}`;

/** The relayer's transaction type for an owner-signed deposit-wallet `Batch` (@polymarket/bindings relayer). */
export const RELAYER_WALLET_TRANSACTION_TYPE = "WALLET" as const;

/** Polymarket's relayer (`production.relayer.rest` in @polymarket/client 0.2.0); batches go to `POST {url}/submit`. */
export const POLYMARKET_RELAYER_URL = "https://relayer-v2.polymarket.com";
