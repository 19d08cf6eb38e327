import { WardenError } from "../errors/WardenError";

/** Exit codes of every `warden` command (README "CLI"). */
export const exitCodes = { ok: 0, refused: 1, usage: 2 } as const;

/**
 * A failure the CLI reports as one readable line (and `{error, fix}` with `--json`): `refused` (1)
 * for what Warden or a check refused, `usage` (2) for bad arguments or configuration.
 */
export class CliError extends Error {
  constructor(
    readonly exitCode: 1 | 2,
    readonly error: string,
    readonly fix: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${error}: ${fix}`);
    this.name = "CliError";
  }
}

/** Where a command writes: stdout for its answer, stderr for notes; `json` picks the answer's form. */
export type CliOutput = {
  json: boolean;
  /** The command's answer: JSON with --json, else `text` (or the JSON pretty-printed). */
  result(value: unknown, text?: string): void;
  /** A note for people (stderr), never part of the answer. */
  note(text: string): void;
};

export function createCliOutput(json: boolean): CliOutput {
  return {
    json,
    result(value, text) {
      process.stdout.write(`${json || text === undefined ? JSON.stringify(value, bigintSafe, json ? undefined : 2) : text}\n`);
    },
    note(text) {
      process.stderr.write(`warden: ${text}\n`);
    },
  };
}

function bigintSafe(_key: string, v: unknown): unknown {
  return typeof v === "bigint" ? v.toString() : v;
}

/** A plain-text table: one header row, columns padded to their widest cell. */
export function table(rows: Record<string, unknown>[], columns: string[]): string {
  if (rows.length === 0) return "(none)";
  const cells = rows.map((r) => columns.map((c) => (r[c] === undefined || r[c] === null ? "-" : String(r[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((v, i) => v.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(columns), ...cells.map(line)].join("\n");
}

/** Key: value lines for one object. */
export function keyValues(value: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(value).map((k) => k.length));
  return Object.entries(value)
    .map(([k, v]) => `${k.padEnd(width)}  ${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
    .join("\n");
}

/** A `node:fs` error: it names the syscall and the errno code, and mostly the path (a read of a directory does not). */
function isFileError(e: unknown): e is Error & { code: string; syscall: string; path?: string } {
  const f = e as { code?: unknown; syscall?: unknown; path?: unknown };
  return e instanceof Error && typeof f.code === "string" && /^E[A-Z]+$/.test(f.code) && typeof f.syscall === "string" && (f.path === undefined || typeof f.path === "string");
}
const FILE_VERBS: Record<string, string> = { open: "open", read: "read", write: "write", mkdir: "create the directory", copyfile: "copy", rename: "replace", chmod: "set the mode of", stat: "read", lstat: "read", scandir: "list", unlink: "remove", access: "use" };
const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: "no such file or directory (check the path)",
  EACCES: "permission denied (check the file's and its directory's permissions)",
  EPERM: "operation not permitted (check the file's permissions)",
  EISDIR: "it is a directory (name a file)",
  ENOTDIR: "a part of the path is not a directory (check the path)",
  EEXIST: "it exists already (name another path)",
  EROFS: "the file system is read-only (choose a writable path)",
  ENOSPC: "no space left on the device (free some space)",
};

/**
 * The one place an error becomes output and an exit code. Never a stack trace: a `WardenError`
 * prints its message and fix, anything unknown only its class name.
 */
export function reportError(e: unknown, json: boolean): number {
  let code: number = exitCodes.refused;
  let body: Record<string, unknown>;
  if (e instanceof CliError) {
    code = e.exitCode;
    body = { error: e.error, fix: e.fix, ...e.details };
  } else if (e instanceof WardenError) {
    code = e.code === "WARDEN_ERR_CONFIG" || e.code === "WARDEN_ERR_INVALID_PARAMETER" || e.code === "WARDEN_ERR_KEYSTORE" ? exitCodes.usage : exitCodes.refused;
    body = { error: e.code, ...(e.reasonCode ? { reason_code: e.reasonCode } : {}), message: e.shortMessage, fix: e.metaMessages.join("; ") };
  } else if (isFileError(e)) {
    // A file the command was pointed at (an option, a config path) that cannot be read or written:
    // a configuration error, named by its path; the path is the user's own, never a secret.
    code = exitCodes.usage;
    // mkdir -p answers EEXIST when a part of the path is a file.
    const problem = e.syscall === "mkdir" && e.code === "EEXIST" ? "a part of the path is a file, not a directory (check the path)" : (FILE_PROBLEMS[e.code] ?? e.code);
    body = { error: "file_error", code: e.code, ...(e.path ? { path: e.path } : {}), fix: `cannot ${FILE_VERBS[e.syscall] ?? e.syscall}${e.path ? ` ${e.path}` : " a file"}: ${problem}` };
  } else {
    body = { error: "unexpected", fix: `an unexpected ${e instanceof Error ? e.name : "error"}; run again with log.level debug and report it` };
  }
  if (json) process.stdout.write(`${JSON.stringify(body)}\n`);
  else process.stderr.write(`warden: ${body.message ? `${String(body.message)} ` : ""}${String(body.error)} — ${String(body.fix)}\n`);
  return code;
}
