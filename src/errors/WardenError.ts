import type { ReasonCode } from "../core/reasonCodes";
import { reasonCodes } from "../core/reasonCodes";

/** Parameters every Warden error takes. */
export type WardenErrorParameters = {
  /** Stable machine code, `WARDEN_ERR_*`. */
  code: string;
  /** Registered reason code, when the error is a guard or session decision. */
  reasonCode?: ReasonCode;
  /** Short text for a person; for reason-coded errors it comes from the registry. */
  shortMessage?: string;
  /** Named facts, never secrets. */
  details?: Record<string, unknown>;
  /** How to fix it. */
  metaMessages?: string[];
  cause?: unknown;
};

/**
 * Base class of every error Warden throws. Carries a stable `code`, an optional registered
 * `reasonCode`, named `details` and `metaMessages` that say how to fix the problem. The user-facing
 * text of a reason-coded error comes from the reason-code registry, never from the throw site.
 *
 * @example
 * try { await account.signTypedData(order) } catch (e) {
 *   if (e instanceof WardenError) console.log(e.code, e.reasonCode, e.shortMessage)
 * }
 */
export class WardenError extends Error {
  override name = "WardenError";
  readonly code: string;
  readonly reasonCode: ReasonCode | undefined;
  readonly shortMessage: string;
  readonly details: Record<string, unknown>;
  readonly metaMessages: string[];

  constructor(params: WardenErrorParameters) {
    const shortMessage =
      params.shortMessage ?? (params.reasonCode ? reasonCodes[params.reasonCode].message : params.code);
    const lines = [shortMessage];
    if (params.reasonCode) lines.push(`Reason code: ${params.reasonCode}`);
    for (const meta of params.metaMessages ?? []) lines.push(meta);
    super(lines.join("\n"), params.cause === undefined ? undefined : { cause: params.cause });
    this.code = params.code;
    this.reasonCode = params.reasonCode;
    this.shortMessage = shortMessage;
    this.details = params.details ?? {};
    this.metaMessages = params.metaMessages ?? [];
  }
}
