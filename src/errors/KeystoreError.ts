import { WardenError } from "./WardenError";

/** Why a keystore could not be opened or written. */
export type KeystoreErrorReason =
  | "wrong_passphrase"
  | "malformed"
  | "unsupported_cipher"
  | "unsupported_kdf"
  | "weak_kdf_params"
  | "address_mismatch";

const fixes: Record<KeystoreErrorReason, string> = {
  wrong_passphrase: "Check the passphrase: the keystore MAC does not match it.",
  malformed: "The file is not Web3 Secret Storage v3 JSON (the format geth and MetaMask export).",
  unsupported_cipher: "Only aes-128-ctr keystores are supported (the v3 standard).",
  unsupported_kdf: "Only scrypt and pbkdf2 (hmac-sha256) keystores are supported.",
  weak_kdf_params: "Use scrypt n >= 16384 (2^14) or pbkdf2 c >= 100000, with dklen 32.",
  address_mismatch: "The decrypted key does not belong to the address in the file.",
};

/**
 * A Web3 Secret Storage keystore could not be decrypted or created. Never carries key material
 * or the passphrase.
 *
 * @example
 * new KeystoreError({ reason: "wrong_passphrase" }).metaMessages[0] // "Check the passphrase: ..."
 */
export class KeystoreError extends WardenError {
  override name = "KeystoreError";
  readonly reason: KeystoreErrorReason;
  constructor({ reason, field }: { reason: KeystoreErrorReason; field?: string }) {
    super({
      code: "WARDEN_ERR_KEYSTORE",
      shortMessage: "The wallet keystore could not be opened.",
      details: field ? { reason, field } : { reason },
      metaMessages: [fixes[reason]],
    });
    this.reason = reason;
  }
}
