import { type Address, type Hex, encodeFunctionData, getAddress, hashTypedData } from "viem";
import {
  DEPOSIT_WALLET_DOMAIN_NAME,
  DEPOSIT_WALLET_DOMAIN_VERSION,
  RELAYER_WALLET_TRANSACTION_TYPE,
  depositWalletBatchTypes,
  depositWalletDeployment,
} from "../core/polymarket/depositWallet";
import { depositWalletAbi } from "./depositWalletAbi";

/** What the owner changes about Warden's session signer. */
export type SessionSignerChange = { kind: "authorize"; validUntilSec: bigint } | { kind: "revoke" };

/** Parameters of {@link depositWalletSessionSignerBatch}. */
export type DepositWalletSessionSignerBatchParameters = {
  chainId: number;
  depositWallet: Address;
  /** Who signs the batch and sends it (`from`). */
  owner: Address;
  sessionSigner: Address;
  change: SessionSignerChange;
  /** The wallet's batch nonce (`nonce()`), which `execute` requires. */
  nonce: bigint;
  /** Unix seconds; the wallet refuses the batch after it. */
  deadlineSec: bigint;
  /** The factory that runs it (default: Polygon's). */
  factory?: Address;
};

/** The relayer's `POST /submit` body for a deposit-wallet batch (@polymarket/bindings `RelayerDepositWalletExecuteRequestSchema`). */
export type RelayerWalletRequest = {
  depositWalletParams: { calls: { data: Hex; target: Address; value: string }[]; deadline: string; depositWallet: Address };
  from: Address;
  metadata?: string;
  nonce: string;
  signature: Hex;
  to: Address;
  type: typeof RELAYER_WALLET_TRANSACTION_TYPE;
};

/** The batch, what the owner signs, and how it is submitted. */
export type DepositWalletSessionSignerBatch = {
  /** EIP-712 `Batch` under the wallet's `DepositWallet` domain: what the owner signs. */
  typedData: {
    domain: { name: typeof DEPOSIT_WALLET_DOMAIN_NAME; version: typeof DEPOSIT_WALLET_DOMAIN_VERSION; chainId: number; verifyingContract: Address };
    types: typeof depositWalletBatchTypes;
    primaryType: "Batch";
    message: { wallet: Address; nonce: bigint; deadline: bigint; calls: { target: Address; value: bigint; data: Hex }[] };
  };
  /** Its digest (what an owner's signature recovers from). */
  digest: Hex;
  /** The relayer request carrying the owner's signature of {@link DepositWalletSessionSignerBatch.typedData}. */
  relayerRequest(signature: Hex, metadata?: string): RelayerWalletRequest;
};

/**
 * The owner's `Batch` that authorises (`authorizeSessionSigner(sessionSigner, validUntil)`) or
 * revokes (`revokeSessionSigner(sessionSigner)`) Warden's session signer: one call from the wallet
 * to itself, which only a batch the owner signed can make (both are `onlySelf`). Typed as
 * @polymarket/client 0.2.0 types wallet batches, submitted as its `buildDepositWalletExecuteRequest`
 * submits them (type `WALLET`, to the factory, from the owner).
 *
 * @param parameters - Chain, wallet, owner, session signer, the change, nonce and deadline.
 * @returns Typed data, digest and the relayer request builder.
 * @example
 * const batch = depositWalletSessionSignerBatch({ chainId: 137, depositWallet, owner, sessionSigner, change: { kind: "authorize", validUntilSec }, nonce, deadlineSec });
 * const body = batch.relayerRequest(await owner.signTypedData(batch.typedData));
 */
export function depositWalletSessionSignerBatch(parameters: DepositWalletSessionSignerBatchParameters): DepositWalletSessionSignerBatch {
  const { chainId, change, nonce, deadlineSec } = parameters;
  const wallet = getAddress(parameters.depositWallet);
  const data =
    change.kind === "authorize"
      ? encodeFunctionData({ abi: depositWalletAbi, functionName: "authorizeSessionSigner", args: [getAddress(parameters.sessionSigner), change.validUntilSec] })
      : encodeFunctionData({ abi: depositWalletAbi, functionName: "revokeSessionSigner", args: [getAddress(parameters.sessionSigner)] });
  const typedData: DepositWalletSessionSignerBatch["typedData"] = {
    domain: { name: DEPOSIT_WALLET_DOMAIN_NAME, version: DEPOSIT_WALLET_DOMAIN_VERSION, chainId, verifyingContract: wallet },
    types: depositWalletBatchTypes,
    primaryType: "Batch",
    message: { wallet, nonce, deadline: deadlineSec, calls: [{ target: wallet, value: 0n, data }] },
  };
  return {
    typedData,
    digest: hashTypedData(typedData),
    relayerRequest: (signature, metadata) => ({
      depositWalletParams: { calls: [{ data, target: wallet, value: "0" }], deadline: deadlineSec.toString(), depositWallet: wallet },
      from: getAddress(parameters.owner),
      ...(metadata !== undefined ? { metadata } : {}),
      nonce: nonce.toString(),
      signature,
      to: getAddress(parameters.factory ?? depositWalletDeployment.factory),
      type: RELAYER_WALLET_TRANSACTION_TYPE,
    }),
  };
}
