import { WardenError } from "./WardenError";

/**
 * The store cannot read or durably write: every signing request is denied until it recovers
 * (embedded store: until restart, which reloads the last committed state).
 *
 * @example
 * new StoreUnavailableError({ operation: "commit" }).reasonCode // "STORE_DATA_UNAVAILABLE"
 */
export class StoreUnavailableError extends WardenError {
  override name = "StoreUnavailableError";
  /**
   * @param params.operation - What failed (`open`, `commit`, …).
   * @param params.problem - A sentence for the operator when more is known (never a secret).
   */
  constructor({ operation, problem, cause }: { operation: string; problem?: string; cause?: unknown }) {
    super({
      code: "WARDEN_ERR_STORE_UNAVAILABLE",
      reasonCode: "STORE_DATA_UNAVAILABLE",
      // At open no decision is at stake (e.g. `warden audit verify`): say what failed, not "the order was not signed".
      ...(operation === "open" ? { shortMessage: "The store could not be opened." } : {}),
      details: { operation },
      metaMessages: [
        ...(problem ? [problem] : operation === "open" ? ["The store could not be opened (another Warden holds it, or the file is unreadable)."] : []),
        "Check the store (disk space, file permissions, Redis reachability), then restart Warden.",
      ],
      cause,
    });
  }
}
