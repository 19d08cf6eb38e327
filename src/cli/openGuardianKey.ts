import { existsSync, readFileSync } from "node:fs";
import type { WardenConfig } from "../config/wardenConfigSchema";
import { ConfigError } from "../errors/ConfigError";
import { decryptKeystore } from "../signer/decryptKeystore";
import type { WalletKey } from "../signer/WalletKey";

/**
 * The guardian's key for safe-module mode's on-chain kill switch, when the config names one
 * (`kill_switch.pause_user.guardian_keystore`), opened with WARDEN_GUARDIAN_PASSPHRASE; otherwise
 * undefined. A missing file or passphrase fails the start with the fix (never a silent start
 * without the on-chain pause that was configured).
 *
 * @param config - The validated config.
 * @param env - Where the passphrase is read from.
 * @returns The guardian key, or undefined.
 * @throws {ConfigError} for a missing keystore or passphrase; {@link KeystoreError} for a wrong one.
 * @example
 * const guardian = openGuardianKey(config, process.env); await createWarden({ wallet, config, ...(guardian ? { guardian } : {}) })
 */
export function openGuardianKey(config: WardenConfig, env: NodeJS.ProcessEnv): WalletKey | undefined {
  const path = config.kill_switch.pause_user?.guardian_keystore;
  if (path === undefined) return undefined;
  const problem = (problems: string) => new ConfigError({ subject: "kill_switch.pause_user.guardian_keystore", problems });
  if (!existsSync(path)) throw problem(`✖ no guardian keystore at ${path}: put the guardian's Web3 Secret Storage v3 keystore there, or fix kill_switch.pause_user.guardian_keystore`);
  const passphrase = env.WARDEN_GUARDIAN_PASSPHRASE;
  if (!passphrase) throw problem(`✖ set WARDEN_GUARDIAN_PASSPHRASE to open the guardian keystore ${path}`);
  return decryptKeystore({ keystore: readFileSync(path, "utf8"), passphrase });
}
