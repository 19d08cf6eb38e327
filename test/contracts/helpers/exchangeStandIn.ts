import { network } from "hardhat";
import { type Address, type Hex, BaseError, ContractFunctionRevertedError, concatHex, decodeErrorResult, encodeFunctionData, hashTypedData, numberToHex, pad, size, zeroHash } from "viem";
import { type PrivateKeyAccount, generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { V2Order } from "../../../src/core/polymarket/V2Order";
import { exchangeDomain } from "../../../src/core/polymarket/exchangeDomain";
import { orderTypes } from "../../../src/core/polymarket/orderTypes";

/** A V2 order with its signature, the tuple the real exchange's entry points take. */
export type SignedOrder = V2Order & { signature: Hex };

/**
 * The calldata Solady's `SignatureCheckerLib.isValidSignatureNow` (v0.1.26, bytes memory) sends a
 * contract signer: `0x1626ba7e ‖ hash ‖ 0x40 ‖ length ‖ signature`, the signature NOT padded to a
 * word (abi.encode would pad it).
 */
export function soladyIsValidSignatureCalldata(hash: Hex, signature: Hex): Hex {
  return concatHex(["0x1626ba7e", hash, pad(numberToHex(0x40)), pad(numberToHex(size(signature))), signature]);
}

/** The custom error a rejected call reverted with (undefined if it did not revert with one). */
export async function revertName(call: Promise<unknown>): Promise<string | undefined> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  if (error === undefined) return "(no revert)";
  if (!(error instanceof BaseError)) throw error;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName) return reverted.data.errorName;
  // Hardhat's node sometimes answers a reverted estimate with a SolidityError viem files under
  // "Missing or invalid parameters"; the revert's name is then only in the nested details.
  let text = "";
  error.walk((e) => {
    text += ` ${(e as Error).message ?? ""} ${(e as { details?: string }).details ?? ""}`;
    return false;
  });
  return /custom error '(\w+)\(/.exec(text)?.[1] ?? error.shortMessage;
}

/** A fresh chain with one exchange stand-in (domain version "2"), its operator and helpers to sign orders. */
export async function exchangeStandIn() {
  const connection = await network.connect();
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const [operator, stranger] = await viem.getWalletClients();
  const exchange = await viem.deployContract("TestCTFExchangeV2", ["2"]);
  const chainId = await publicClient.getChainId();
  const domain = exchangeDomain({ exchange: exchange.address, version: "2", chainId });
  const digest = (order: V2Order) => hashTypedData({ domain, types: orderTypes, primaryType: "Order", message: order });
  let salt = 1n;
  const order = (over: Partial<V2Order> = {}): V2Order => ({
    salt: salt++,
    maker: zeroAddressLike,
    signer: zeroAddressLike,
    tokenId: 7n,
    makerAmount: 50_000_000n,
    takerAmount: 100_000_000n,
    side: 0,
    signatureType: 0,
    timestamp: 1_800_000_000_000n,
    metadata: zeroHash,
    builder: zeroHash,
    ...over,
  });
  /** An EOA order signed by `account` (maker = signer = the account unless overridden). */
  const signedBy = async (account: PrivateKeyAccount, over: Partial<V2Order> = {}): Promise<SignedOrder> => {
    const o = order({ maker: account.address, signer: account.address, ...over });
    return { ...o, signature: await account.signTypedData({ domain, types: orderTypes, primaryType: "Order", message: o }) };
  };
  /**
   * The custom error `functionName(args)` reverts with when `from` sends it now, read from the
   * node's own revert message (viem sometimes files Hardhat's reverted estimate under "Missing or
   * invalid parameters"); "(no revert)" when it would succeed.
   */
  const revertOf = async (functionName: string, args: readonly unknown[], from: Address = operator!.account.address) => {
    const data = encodeFunctionData({ abi: exchange.abi, functionName, args } as unknown as Parameters<typeof encodeFunctionData>[0]);
    try {
      await connection.provider.request({ method: "eth_call", params: [{ to: exchange.address, from, data }, "latest"] });
      return "(no revert)";
    } catch (e) {
      const message = String((e as Error).message);
      const raw = /return data: (0x[0-9a-fA-F]*)/.exec(message)?.[1] as Hex | undefined;
      if (raw && raw.length >= 10) return decodeErrorResult({ abi: exchange.abi, data: raw }).errorName;
      return /custom error '(\w+)\(/.exec(message)?.[1] ?? message;
    }
  };
  const maker1271 = async () => viem.deployContract("TestRecordingMaker", []);
  return { connection, viem, networkHelpers, publicClient, operator: operator!, stranger: stranger!, exchange, domain, digest, order, signedBy, maker1271, revertOf, close: () => connection.close() };
}

const zeroAddressLike: Address = "0x0000000000000000000000000000000000000001";

/** A fresh random EOA. */
export const freshAccount = () => privateKeyToAccount(generatePrivateKey());
