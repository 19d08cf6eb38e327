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
  constructor({ operation, cause }: { operation: string; cause?: unknown }) {
    super({
      code: "WARDEN_ERR_STORE_UNAVAILABLE",
      reasonCode: "STORE_DATA_UNAVAILABLE",
      details: { operation },
      metaMessages: ["Check the store (disk space, file permissions, Redis reachability), then restart Warden."],
      cause,
    });
  }
}
