import { getAddress } from "viem";
import type { WalletKey } from "../WalletKey";
import type { Wallet } from "./Wallet";

/**
 * The `eoa` wallet mode (signature type 0): the wallet is an externally owned account whose key
 * Warden holds in its keystore; it is maker, signer and ClobAuth address of everything it signs.
 *
 * @param key - The wallet key (decrypted from the keystore).
 * @returns The wallet port over that key.
 * @example
 * const wallet = createEoaWallet(WalletKey.fromPrivateKey(pk));
 * wallet.expects.signatureType; // 0
 */
export function createEoaWallet(key: WalletKey): Wallet {
  const own = key.address;
  return {
    address: getAddress(own),
    expects: { maker: own, signer: own, clobAuthAddress: own, signatureType: 0 },
    signIntent: (intent) => key.signDigest(Buffer.from(intent.digest.slice(2), "hex")),
  };
}
