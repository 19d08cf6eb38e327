import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import { deriveKeystoreKey } from "./decryptKeystore";
import { keccak } from "./keccak";
import type { KeystoreV3 } from "./keystoreTypes";
import { type WalletKey, walletKeySecret } from "./WalletKey";

/** Options for {@link encryptKeystore}. */
export type EncryptKeystoreParameters = {
  key: WalletKey;
  passphrase: string;
  /** scrypt cost; geth's standard is 262144 (2^18). Tests may use 16384 (2^14), the minimum accepted. */
  scryptN?: number;
};

/**
 * Encrypts a wallet key into Web3 Secret Storage v3 JSON (scrypt, aes-128-ctr), readable by geth,
 * MetaMask, ethers and {@link decryptKeystore}.
 *
 * @returns The keystore object (write it with `JSON.stringify`).
 * @example
 * writeFileSync("wallet.json", JSON.stringify(encryptKeystore({ key, passphrase })))
 */
export function encryptKeystore({ key, passphrase, scryptN = 262_144 }: EncryptKeystoreParameters): KeystoreV3 {
  const salt = randomBytes(32).toString("hex");
  const kdfparams = { dklen: 32, n: scryptN, r: 8, p: 1, salt };
  const derived = deriveKeystoreKey("scrypt", kdfparams, passphrase);
  const iv = randomBytes(16);
  const secret = walletKeySecret(key);
  const cipher = createCipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
  secret.fill(0);
  const mac = Buffer.from(keccak(Buffer.concat([derived.subarray(16, 32), ciphertext]))).toString("hex");
  derived.fill(0);
  return {
    version: 3,
    id: randomUUID(),
    address: key.address.slice(2),
    crypto: {
      cipher: "aes-128-ctr",
      ciphertext: ciphertext.toString("hex"),
      cipherparams: { iv: iv.toString("hex") },
      kdf: "scrypt",
      kdfparams,
      mac,
    },
  };
}
