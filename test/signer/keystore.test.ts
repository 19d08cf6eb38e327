import { Wallet } from "@ethersproject/wallet";
import { describe, expect, test } from "vitest";
import { KeystoreError } from "../../src/errors/KeystoreError";
import { decryptKeystore } from "../../src/signer/decryptKeystore";
import { encryptKeystore } from "../../src/signer/encryptKeystore";
import { WalletKey } from "../../src/signer/WalletKey";

// Test vectors of the Web3 Secret Storage Definition (password "testpassword").
const SPEC_KEY = "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";
const pbkdf2Vector = {
  crypto: {
    cipher: "aes-128-ctr",
    cipherparams: { iv: "6087dab2f9fdbbfaddc31a909735c1e6" },
    ciphertext: "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
    kdf: "pbkdf2",
    kdfparams: { c: 262144, dklen: 32, prf: "hmac-sha256", salt: "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd" },
    mac: "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2",
  },
  id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
  version: 3,
};
const scryptVector = {
  crypto: {
    cipher: "aes-128-ctr",
    cipherparams: { iv: "83dbcc02d8ccb40e466191a123791e0e" },
    ciphertext: "d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c",
    kdf: "scrypt",
    kdfparams: { dklen: 32, n: 262144, r: 1, p: 8, salt: "ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19" },
    mac: "2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097",
  },
  id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
  version: 3,
};

describe("decryptKeystore", () => {
  test.each([
    ["pbkdf2", pbkdf2Vector],
    ["scrypt", scryptVector],
  ])("opens the spec's %s test vector", (_kdf, vector) => {
    const key = decryptKeystore({ keystore: JSON.stringify(vector), passphrase: "testpassword" });
    expect(key.address).toBe(WalletKey.fromPrivateKey(SPEC_KEY).address);
  });

  test("a wrong passphrase is refused by the MAC check, never a garbage key", () => {
    expect(() => decryptKeystore({ keystore: pbkdf2Vector, passphrase: "testpassword!" })).toThrowErrorMatchingInlineSnapshot(`
      [KeystoreError: The wallet keystore could not be opened.
      Check the passphrase: the keystore MAC does not match it.]
    `);
  });

  test.each([
    ["not JSON", "{", "malformed"],
    ["version 1", { ...pbkdf2Vector, version: 1 }, "malformed"],
    ["another cipher", { ...pbkdf2Vector, crypto: { ...pbkdf2Vector.crypto, cipher: "aes-256-cbc" } }, "unsupported_cipher"],
    ["an unknown kdf", { ...pbkdf2Vector, crypto: { ...pbkdf2Vector.crypto, kdf: "argon2" } }, "unsupported_kdf"],
    ["a weak pbkdf2 count", { ...pbkdf2Vector, crypto: { ...pbkdf2Vector.crypto, kdfparams: { ...pbkdf2Vector.crypto.kdfparams, c: 1 } } }, "weak_kdf_params"],
    ["a short iv", { ...pbkdf2Vector, crypto: { ...pbkdf2Vector.crypto, cipherparams: { iv: "00" } } }, "malformed"],
  ])("refuses %s with a reason", (_l, keystore, reason) => {
    expect(() => decryptKeystore({ keystore, passphrase: "testpassword" })).toThrow(
      expect.objectContaining({ name: "KeystoreError", reason }),
    );
  });

  test("reads a keystore ethers wrote", async () => {
    const wallet = Wallet.createRandom();
    const json = await wallet.encrypt("correct horse", { scrypt: { N: 16384 } });
    expect(decryptKeystore({ keystore: json, passphrase: "correct horse" }).address).toBe(wallet.address.toLowerCase());
  });
});

describe("encryptKeystore", () => {
  test("writes a keystore that ethers and Warden open to the same key", () => {
    const key = WalletKey.fromPrivateKey(SPEC_KEY);
    const keystore = encryptKeystore({ key, passphrase: "pa55", scryptN: 16384 });
    expect(Wallet.fromEncryptedJsonSync(JSON.stringify(keystore), "pa55").privateKey).toBe(SPEC_KEY);
    expect(decryptKeystore({ keystore, passphrase: "pa55" }).address).toBe(key.address);
    expect(JSON.stringify(keystore)).not.toContain(SPEC_KEY.slice(2));
  });

  test("refuses scrypt parameters below the minimum", () => {
    expect(() => encryptKeystore({ key: WalletKey.fromPrivateKey(SPEC_KEY), passphrase: "x", scryptN: 1024 })).toThrow(KeystoreError);
  });
});
