/** Web3 Secret Storage v3 JSON, as geth and MetaMask export it. */
export type KeystoreV3 = {
  version: 3;
  id: string;
  address?: string;
  crypto: {
    cipher: "aes-128-ctr";
    ciphertext: string;
    cipherparams: { iv: string };
    kdf: "scrypt" | "pbkdf2";
    kdfparams:
      | { dklen: number; n: number; r: number; p: number; salt: string }
      | { dklen: number; c: number; prf: "hmac-sha256"; salt: string };
    mac: string;
  };
};
