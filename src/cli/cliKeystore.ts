import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type Address, getAddress } from "viem";
import type { WardenConfig } from "../config/wardenConfigSchema";
import { ConfigError } from "../errors/ConfigError";
import { decryptKeystore } from "../signer/decryptKeystore";
import { encryptKeystore } from "../signer/encryptKeystore";
import { WalletKey } from "../signer/WalletKey";
import { type SafeSessionKeys, createSafeSessionKeys } from "../signer/wallets/createSafeSessionKeys";

/** The keystore the configured mode signs with: the wallet's (eoa), the deposit wallet's session signer's, or the Safe sessions' key directory. */
export function keystorePath(config: WardenConfig): { path: string; what: "wallet" | "session signer" | "Safe session keys"; field: string } {
  if (config.wallet.mode === "safe-module") return { path: config.wallet.session_keys_dir, what: "Safe session keys", field: "wallet.session_keys_dir" };
  return config.wallet.mode === "eoa"
    ? { path: config.wallet.keystore_path, what: "wallet", field: "wallet.keystore_path" }
    : { path: config.wallet.session_keystore_path, what: "session signer", field: "wallet.session_keystore_path" };
}

/** The development passphrase file beside a keystore Warden created itself (its presence marks a DEVELOPMENT key). */
export function devPassphraseFile(config: WardenConfig): string {
  return `${keystorePath(config).path}.dev-passphrase`;
}

/**
 * The wallet's address, which keys its Redis store: a deposit wallet's is in the config; an eoa
 * wallet's is in its keystore (stored in the clear beside the encrypted key), no passphrase needed.
 */
export function keystoreAddress(config: WardenConfig): Address {
  if (config.wallet.mode === "safe-module") return getAddress(config.wallet.safe);
  if (config.wallet.mode !== "eoa") return getAddress(config.wallet.deposit_wallet);
  const path = config.wallet.keystore_path;
  let address: unknown;
  try {
    address = (JSON.parse(readFileSync(path, "utf8")) as { address?: unknown }).address;
  } catch {
    throw new ConfigError({ subject: "wallet", problems: `✖ ${path} is not a readable keystore: run warden init, or fix wallet.keystore_path` });
  }
  if (typeof address !== "string" || !/^(0x)?[0-9a-fA-F]{40}$/.test(address))
    throw new ConfigError({ subject: "wallet", problems: `✖ ${path} names no address; use a Web3 Secret Storage v3 keystore` });
  return getAddress(address.startsWith("0x") ? address : `0x${address}`);
}

/** Writes a new key, encrypted under `passphrase`, at `path` (mode 0600). */
export function writeNewKeystore(path: string, passphrase: string): WalletKey {
  mkdirSync(dirname(path), { recursive: true });
  const key = WalletKey.fromBytes(randomBytes(32));
  writeFileSync(path, JSON.stringify(encryptKeystore({ key, passphrase })), { mode: 0o600 });
  chmodSync(path, 0o600);
  return key;
}

/**
 * Opens the keystore of the configured mode; on a machine with none, creates a key there: a
 * DEVELOPMENT wallet in eoa mode (random passphrase in the `.dev-passphrase` file beside it), the
 * session signer in deposit-wallet mode. The key itself is never printed or logged, only its address.
 */
export function loadKey(config: WardenConfig, note: (msg: string) => void, { create = true } = {}): WalletKey {
  if (config.wallet.mode === "safe-module")
    throw new ConfigError({ subject: "wallet", problems: "✖ wallet.mode safe-module holds no wallet key: the Safe's owners keep theirs, and each session has its own key in wallet.session_keys_dir" });
  const { path, what, field } = keystorePath(config);
  const devFile = devPassphraseFile(config);
  let passphrase = process.env.WARDEN_KEYSTORE_PASSPHRASE;
  if (!existsSync(path)) {
    if (!create) throw new ConfigError({ subject: "wallet", problems: `✖ no keystore at ${path}: run warden init (or warden start once), or fix ${field}` });
    mkdirSync(dirname(path), { recursive: true });
    if (!passphrase) {
      passphrase = randomBytes(24).toString("base64url");
      writeFileSync(devFile, passphrase, { mode: 0o600 });
      note(
        what === "wallet"
          ? `created a DEVELOPMENT wallet at ${path}; its passphrase is in ${devFile}. Never fund it: import your own keystore (warden init --import) and set WARDEN_KEYSTORE_PASSPHRASE.`
          : `created a session-signer keystore at ${path} with a DEVELOPMENT passphrase in ${devFile}; for production delete both and set WARDEN_KEYSTORE_PASSPHRASE first.`,
      );
    }
    const key = writeNewKeystore(path, passphrase);
    if (what === "session signer") note(`new session signer ${key.address}: the owner authorises it with warden deposit-wallet authorize`);
    return key;
  }
  if (!passphrase && existsSync(devFile)) passphrase = readWalletFile(devFile, { named: `${devFile} (the development passphrase beside ${field})`, fix: `point ${field} at a keystore file` }).trim();
  if (!passphrase) throw new ConfigError({ subject: "wallet", problems: `✖ set WARDEN_KEYSTORE_PASSPHRASE to open ${path}` });
  return decryptKeystore({ keystore: readWalletFile(path, { named: `${path} (${field})`, fix: `point ${field} at a keystore file` }), passphrase });
}

/**
 * A keystore-side file an option or the config names, or a ConfigError naming it (`named`), why it
 * cannot be read (the errno code, e.g. EISDIR) and `fix`.
 */
export function readWalletFile(path: string, { named, fix }: { named: string; fix: string }): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ConfigError({ subject: "wallet", problems: `✖ ${named} cannot be read (${code}): ${fix}` });
  }
}

/**
 * Opens the Safe sessions' key store (`wallet.session_keys_dir`) under WARDEN_KEYSTORE_PASSPHRASE;
 * on a machine with neither the directory nor a passphrase, with a DEVELOPMENT passphrase written
 * beside it (`.dev-passphrase`, mode 0600). No key is created here: each session request creates its own.
 */
export function openLocalSafeSessionKeys(config: WardenConfig, note: (msg: string) => void): SafeSessionKeys {
  const { path } = keystorePath(config);
  const devFile = devPassphraseFile(config);
  let passphrase = process.env.WARDEN_KEYSTORE_PASSPHRASE;
  if (!passphrase && existsSync(devFile)) passphrase = readFileSync(devFile, "utf8").trim();
  if (!passphrase) {
    if (existsSync(path)) throw new ConfigError({ subject: "wallet", problems: `✖ set WARDEN_KEYSTORE_PASSPHRASE to open the session keys in ${path}` });
    mkdirSync(dirname(devFile), { recursive: true });
    passphrase = randomBytes(24).toString("base64url");
    writeFileSync(devFile, passphrase, { mode: 0o600 });
    note(`Safe session keys will be encrypted under a DEVELOPMENT passphrase in ${devFile}; for production delete it and set WARDEN_KEYSTORE_PASSPHRASE first.`);
  }
  return createSafeSessionKeys({ dir: path, passphrase });
}
