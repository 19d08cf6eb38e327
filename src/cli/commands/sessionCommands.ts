import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { action, type CliContext } from "../cliContext";
import { loadKey } from "../cliKeystore";
import { CliError, keyValues, table } from "../cliOutput";
import { signOwnerDocument } from "../ownerSignature";
import type { SessionGrantRequest } from "../../warden/Warden";
import { writePrivateFile } from "../../core/writePrivateFile";
import type { SafeTransactionView } from "../../chain/safeTransactionView";
import { safeTransactionText } from "../safeTransactionText";

function ownerKey(ctx: CliContext) {
  const config = ctx.config();
  if (config.wallet.mode === "safe-module") throw new CliError(2, "safe_owners_sign", "in safe-module mode the Safe's owners approve the Safe transaction Warden prints");
  if (config.wallet.mode !== "eoa")
    throw new CliError(2, "owner_signs_elsewhere", "in deposit-wallet mode the owner's own wallet signs grants: use POST /v1/sessions/request and /grant with the owner's signer");
  return loadKey(config, ctx.out.note, { create: false });
}

function readScope(file: string): Record<string, unknown> {
  let scope: unknown;
  try {
    scope = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new CliError(2, "scope_unreadable", `${file} must be a readable JSON object with the session scope (see examples/scope.json)`);
  }
  if (typeof scope !== "object" || scope === null || Array.isArray(scope)) throw new CliError(2, "scope_invalid", `${file} must hold one JSON object`);
  return scope as Record<string, unknown>;
}

/**
 * Checks, before any session is requested, that `--save` names a file this user can write (its
 * directory exists and is writable; it is not a directory), so a bad path never costs a granted
 * session whose credential is then lost.
 *
 * @throws CliError 2 `save_path_invalid` naming the path and what is wrong.
 */
function checkSavePath(path: string): void {
  const problem = (what: string) => new CliError(2, "save_path_invalid", `--save ${path}: ${what}; nothing was requested`);
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // Absent: written new (its directory is checked below).
  }
  if (isDirectory) throw problem("is a directory; name a file");
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw problem(code === "ENOENT" || code === "ENOTDIR" ? `directory ${dirname(path)} does not exist; create it first` : `directory ${dirname(path)} is not writable (${code ?? "unknown"})`);
  }
}

/**
 * Writes a granted credential to `--save` (mode 0600, an existing file replaced). A failure here
 * comes after the grant: the credential is still printed, with `save_error`, and the exit code is 1.
 */
function saveCredential(path: string | undefined, credential: string): { saved_to?: string; save_error?: string } {
  if (path === undefined) return {};
  try {
    writePrivateFile(path, `${credential}\n`);
    return { saved_to: path };
  } catch (e) {
    process.exitCode = 1;
    return { save_error: `could not write ${path} (${(e as NodeJS.ErrnoException).code ?? "unknown"}): the session is granted; copy the credential below, or revoke the session` };
  }
}

const sessionColumns = ["session_id", "strategy_id", "status", "calls_used", "valid_until_ms"];

/** `warden session list | show | grant | revoke`. */
export function registerSessionCommands(program: Command): void {
  const session = program.command("session").description("sessions: list, show, grant (signed with the keystore in eoa mode), revoke");

  session
    .command("list")
    .description("the sessions of the running Warden")
    .action(
      action(async (ctx) => {
        const { sessions } = (await ctx.api().get("/v1/sessions")) as { sessions: Record<string, unknown>[] };
        ctx.out.result({ sessions }, table(sessions, sessionColumns));
      }),
    );

  session
    .command("show")
    .description("one session")
    .argument("<session_id>", "the session id (0x + 64 hex)")
    .action(
      action(async (ctx, id: string) => {
        if (!/^0x[0-9a-fA-F]{64}$/.test(id)) throw new CliError(2, "session_id_invalid", "give the session id as 0x + 64 hex (warden session list)");
        const view = await ctx.api().get(`/v1/sessions/${id}`);
        ctx.out.result(view, keyValues(view));
      }),
    );

  session
    .command("grant")
    .description("request a session for a strategy and grant it as the owner; prints the credential once (safe-module: and the grantSession Safe transaction the owners approve)")
    .requiredOption("--strategy <id>", "the strategy id the session is for")
    .requiredOption("--scope <file>", "JSON file with the scope (method_whitelist, contract_allowlist, limits; see examples/scope.json)")
    .option("--save <file>", "also write the credential to this file (mode 0600) for the strategy to read")
    .action(
      action(async (ctx, opts: { strategy: string; scope: string; save?: string }) => {
        const scope = { ...readScope(opts.scope), strategy_id: opts.strategy };
        if (opts.save !== undefined) checkSavePath(opts.save);
        const api = ctx.api();
        if (ctx.config().wallet.mode === "safe-module") {
          // One owner approval for both halves: the Safe transaction carries the on-chain scope and the SessionGrant's hash.
          const { safe_session: s, warnings } = (await api.post("/v1/sessions/request", scope)) as Required<SessionGrantRequest>;
          const saved = saveCredential(opts.save, s.credential);
          const active = s.activation?.active === true;
          ctx.out.result(
            { ...s, warnings, ...saved },
            `${keyValues({ session_id: s.session_id, strategy_id: s.strategy_id, valid_until_ms: s.valid_until_ms, active, ...saved })}\ncredential  ${s.credential}\n(shown once: Warden keeps only its hash; it signs nothing until the owners execute the grant below)\n${safeTransactionText(s.safe_transaction)}`,
          );
          return;
        }
        const key = ownerKey(ctx);
        const request = (await api.post("/v1/sessions/request", scope)) as { grant_id: string; typed_data: unknown; warnings?: unknown[] };
        const signature = signOwnerDocument({ key, chainId: ctx.config().chain_id, kind: "SessionGrant", typedData: request.typed_data });
        const issued = (await api.post("/v1/sessions/grant", { grant_id: request.grant_id, signature })) as Record<string, unknown>;
        const saved = saveCredential(opts.save, String(issued.credential));
        const answer = { ...issued, warnings: request.warnings ?? [], ...saved };
        ctx.out.result(
          answer,
          `${keyValues({ session_id: issued.session_id, strategy_id: issued.strategy_id, valid_until_ms: issued.valid_until_ms, ...saved })}\ncredential  ${String(issued.credential)}\n(shown once: Warden keeps only its hash)`,
        );
      }),
    );

  session
    .command("revoke")
    .description("revoke a session as the owner (signed with the keystore in eoa mode; safe-module: stops signing now and prints the revokeSession Safe transaction)")
    .argument("<session_id>", "the session id (0x + 64 hex)")
    .action(
      action(async (ctx, id: string) => {
        if (!/^0x[0-9a-fA-F]{64}$/.test(id)) throw new CliError(2, "session_id_invalid", "give the session id as 0x + 64 hex (warden session list)");
        const api = ctx.api();
        if (ctx.config().wallet.mode === "safe-module") {
          const answer = (await api.post("/v1/sessions/revoke-safe", { session_id: id })) as { revoked: string; safe_transaction: SafeTransactionView | null };
          ctx.out.result(
            answer,
            `revoked ${id}: Warden signs nothing more for it and its key is destroyed\n${answer.safe_transaction ? safeTransactionText(answer.safe_transaction) : "its grant was never mined: nothing to revoke on-chain (a late grant would name a key that no longer exists)"}`,
          );
          return;
        }
        const key = ownerKey(ctx);
        const document = await api.post("/v1/sessions/revoke-document", { session_id: id });
        const signature = signOwnerDocument({ key, chainId: ctx.config().chain_id, kind: "SessionRevoke", typedData: document });
        const answer = await api.post("/v1/sessions/revoke", { session_id: id, signature });
        ctx.out.result(answer, `revoked ${id}`);
      }),
    );
}
