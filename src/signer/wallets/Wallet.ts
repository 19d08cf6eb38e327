import type { Address, Hex } from "viem";
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
};

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
   * Signs an intent the pipeline approved (an order or a ClobAuth document): the returned bytes are
   * what the exchange or the CLOB verifies for this wallet.
   */
  signIntent(intent: Extract<SigningIntent, { kind: "order" | "clob_auth" }>): Hex;
}
