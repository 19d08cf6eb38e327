import type { Address, Hex } from "viem";
import type { ReasonCode } from "../../core/reasonCodes";
import type { SigningIntent } from "../../core/SigningIntent";

/** What an order or ClobAuth document must name for this wallet (the decoder checks them exactly). */
export type WalletExpectations = {
  /** `maker` of every order, lower-case. */
  maker: Address;
  /** `signer` of every order, lower-case. */
  signer: Address;
  /** `address` of a ClobAuth document, lower-case. */
  clobAuthAddress: Address;
  /** The order's `signatureType` this wallet mode signs (`eoa` → 0, `POLY_1271` → 3). */
  signatureType: 0 | 1 | 2 | 3;
  /**
   * The document an order must arrive as: the plain `Order` (default), or the ERC-7739
   * `TypedDataSign` envelope of it that a deposit wallet verifies (clob-client-v2's `POLY_1271` form).
   */
  orderDocument?: "Order" | "TypedDataSign";
  /** Who signs SessionGrant / SessionRevoke for this wallet, lower-case (default: the maker; a deposit wallet's owner). */
  grantSigner?: Address;
};

/** The Warden session a signature is for (safe-module: each session has its own key and on-chain grant). */
export type WalletSessionContext = { sessionId: string };

/** Whether a wallet can sign now, from state it keeps fresh off the signing path. */
export type WalletReadiness =
  | { ready: true; evidence: Record<string, unknown> }
  | { ready: false; reason_code: ReasonCode; evidence: Record<string, unknown> };

/**
 * The wallet port: who Warden signs for and how. The signing path knows only this, never which
 * wallet mode serves it.
 */
export interface Wallet {
  /** The wallet's address, checksummed (the trading account: maker of its orders). */
  readonly address: Address;
  /** What a document must name to be this wallet's (maker, signer, signature type). */
  readonly expects: WalletExpectations;
  /**
   * Whether the wallet can sign at `nowMs` (deposit wallet: its session signer is authorised
   * on-chain and that answer is fresh). Synchronous and in memory: the signing path asks it right
   * before signing and denies with its code. Absent: always ready (eoa).
   */
  readiness?(nowMs: number, session?: WalletSessionContext): WalletReadiness;
  /**
   * Signs an intent the pipeline approved (an order or a ClobAuth document): the returned bytes are
   * what the exchange or the CLOB verifies for this wallet.
   */
  signIntent(intent: Extract<SigningIntent, { kind: "order" | "clob_auth" }>, session?: WalletSessionContext): Hex;
  /**
   * safe-module: the address a session's ClobAuth must name (that session's own key, lower-case),
   * or null when the session has no key here. Absent: `expects.clobAuthAddress` for every session.
   */
  clobAuthAddressOf?(sessionId: string): Address | null;
}
