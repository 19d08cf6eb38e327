import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { CliError } from "./cliOutput";

/** Where the first start writes the development operator token (mode 0600). */
export const DEV_TOKEN_FILE = ".warden/operator.token";

/**
 * The operator token, from WARDEN_OPERATOR_TOKEN, else `--token-file`, else the development token
 * file if the first start wrote one. Never printed or logged.
 */
export function operatorToken(tokenFile: string | undefined): string | null {
  const env = process.env.WARDEN_OPERATOR_TOKEN;
  if (env) return env;
  const file = tokenFile ?? (existsSync(DEV_TOKEN_FILE) ? DEV_TOKEN_FILE : undefined);
  if (!file) return null;
  let token: string;
  try {
    token = readFileSync(file, "utf8").trim();
  } catch {
    throw new CliError(2, "token_file_unreadable", `cannot read ${file}; fix --token-file`);
  }
  if (token.length < 16) throw new CliError(2, "token_file_invalid", `${file} must hold the operator token (at least 16 characters)`);
  return token;
}

/** Writes a new random development operator token to {@link DEV_TOKEN_FILE}. */
export function writeDevToken(): void {
  mkdirSync(dirname(DEV_TOKEN_FILE), { recursive: true });
  writeFileSync(DEV_TOKEN_FILE, randomBytes(24).toString("base64url"), { mode: 0o600 });
}
