/**
 * Errors of the market data port. Every failure a guard can meet is a
 * {@link MarketDataUnavailableError} (the guard maps it to its `*_DATA_UNAVAILABLE` code, or
 * `RISK_BOOK_STALE_15S` for a stale book) and `reason` says which failure it was. Messages are
 * for logs; user-facing text comes from the reason-code registry.
 *
 * Grouped in one file like viem's `errors/*.ts`: the classes are one family and tiny.
 */
import type { ReasonCode } from "../core/reasonCodes";
import { WardenError } from "./WardenError";

/** Which failure made the data unavailable. */
export type MarketDataFailureReason =
  | "timeout"
  | "network"
  | "http_status"
  | "malformed_json"
  | "schema_mismatch"
  | "not_found"
  | "ambiguous"
  | "stale"
  | "truncated"
  | "invalid_key"
  | "io";

/** Facts every market data error carries. */
export type MarketDataUnavailableErrorParameters = {
  /** Adapter and origin, as in snapshots' `source`. */
  source: string;
  /** What was asked for, e.g. `"book:7132…"` or `"market:0xab…"`. */
  key: string;
  reason: MarketDataFailureReason;
  /** One line of detail for logs (never shown to users). */
  details?: string;
  cause?: unknown;
  /** Reason code from the registry, when the caller knows which guard fails closed on it. */
  reasonCode?: ReasonCode;
};

/**
 * Market data could not be obtained or is not trustworthy; the caller must fail closed.
 *
 * @example
 * ```ts
 * const error = new MarketDataUnavailableError({ source: "fixture:inline", key: "book:1", reason: "not_found" });
 * error.reason // "not_found"
 * ```
 */
export class MarketDataUnavailableError extends WardenError {
  override name = "MarketDataUnavailableError";
  readonly source: string;
  readonly key: string;
  readonly reason: MarketDataFailureReason;
  /** One line of detail for logs. */
  readonly detail: string | undefined;

  constructor({ source, key, reason, details, cause, reasonCode }: MarketDataUnavailableErrorParameters) {
    super({
      code: "WARDEN_ERR_MARKET_DATA",
      shortMessage: `Market data unavailable (${reason}) for ${key} from ${source}.`,
      ...(reasonCode ? { reasonCode } : {}),
      details: { source, key, reason },
      metaMessages: details === undefined ? [] : [`Details: ${details}`],
      cause,
    });
    this.source = source;
    this.key = key;
    this.reason = reason;
    this.detail = details;
  }
}

type KeyedParameters = { source: string; key: string };

/**
 * The request or its body took longer than the timeout.
 *
 * @example
 * ```ts
 * new MarketDataTimeoutError({ source: "clob:http://127.0.0.1:1", key: "book:1", timeoutMs: 2000 });
 * ```
 */
export class MarketDataTimeoutError extends MarketDataUnavailableError {
  override name = "MarketDataTimeoutError";
  readonly timeoutMs: number;
  constructor({ source, key, timeoutMs }: KeyedParameters & { timeoutMs: number }) {
    super({ source, key, reason: "timeout", details: `no complete response within ${timeoutMs} ms` });
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The connection failed (refused, reset, DNS).
 *
 * @example
 * ```ts
 * new MarketDataNetworkError({ source: "gamma:http://127.0.0.1:1", key: "market:0x…", cause: new TypeError("fetch failed") });
 * ```
 */
export class MarketDataNetworkError extends MarketDataUnavailableError {
  override name = "MarketDataNetworkError";
  constructor({ source, key, cause }: KeyedParameters & { cause: unknown }) {
    super({ source, key, reason: "network", details: cause instanceof Error ? cause.message : String(cause), cause });
  }
}

/**
 * The server answered with a non-2xx status other than 404.
 *
 * @example
 * ```ts
 * new MarketDataHttpStatusError({ source: "data-api:http://127.0.0.1:1", key: "positions:0x…", status: 503 });
 * ```
 */
export class MarketDataHttpStatusError extends MarketDataUnavailableError {
  override name = "MarketDataHttpStatusError";
  readonly status: number;
  constructor({ source, key, status }: KeyedParameters & { status: number }) {
    super({ source, key, reason: "http_status", details: `HTTP ${status}` });
    this.status = status;
  }
}

/**
 * The body is not JSON.
 *
 * @example
 * ```ts
 * new MarketDataMalformedError({ source: "clob:http://127.0.0.1:1", key: "book:1", cause: new SyntaxError("Unexpected token") });
 * ```
 */
export class MarketDataMalformedError extends MarketDataUnavailableError {
  override name = "MarketDataMalformedError";
  constructor({ source, key, cause }: KeyedParameters & { cause: unknown }) {
    super({ source, key, reason: "malformed_json", details: cause instanceof Error ? cause.message : String(cause), cause });
  }
}

/**
 * The JSON does not have the expected shape, or contradicts the request.
 *
 * @example
 * ```ts
 * new MarketDataSchemaError({ source: "gamma:http://127.0.0.1:1", key: "market:0x…", issues: "✖ Invalid input: expected boolean\n  → at active" });
 * ```
 */
export class MarketDataSchemaError extends MarketDataUnavailableError {
  override name = "MarketDataSchemaError";
  readonly issues: string;
  constructor({ source, key, issues }: KeyedParameters & { issues: string }) {
    super({ source, key, reason: "schema_mismatch", details: issues });
    this.issues = issues;
  }
}

/**
 * The source has no such market, book or wallet (404, or an empty result).
 *
 * @example
 * ```ts
 * new MarketDataNotFoundError({ source: "fixture:inline", key: "book:1" });
 * ```
 */
export class MarketDataNotFoundError extends MarketDataUnavailableError {
  override name = "MarketDataNotFoundError";
  constructor({ source, key }: KeyedParameters) {
    super({ source, key, reason: "not_found" });
  }
}

/**
 * More than one market matched a lookup that must be unique.
 *
 * @example
 * ```ts
 * new MarketDataAmbiguousError({ source: "gamma:http://127.0.0.1:1", key: "token:1", matches: 2 });
 * ```
 */
export class MarketDataAmbiguousError extends MarketDataUnavailableError {
  override name = "MarketDataAmbiguousError";
  readonly matches: number;
  constructor({ source, key, matches }: KeyedParameters & { matches: number }) {
    super({ source, key, reason: "ambiguous", details: `${matches} markets matched` });
    this.matches = matches;
  }
}

/**
 * The data is older than allowed (or stamped in the future beyond the clock-skew allowance).
 *
 * @example
 * ```ts
 * new MarketDataStaleError({ source: "clob:http://127.0.0.1:1", key: "book:1", ageMs: 20_000, maxAgeMs: 15_000 });
 * ```
 */
export class MarketDataStaleError extends MarketDataUnavailableError {
  override name = "MarketDataStaleError";
  /** Negative when the data claims to come from the future. */
  readonly ageMs: number;
  readonly maxAgeMs: number;
  constructor({ source, key, ageMs, maxAgeMs }: KeyedParameters & { ageMs: number; maxAgeMs: number }) {
    super({
      source,
      key,
      reason: "stale",
      details: ageMs < 0 ? `timestamp ${-ageMs} ms in the future` : `age ${ageMs} ms exceeds ${maxAgeMs} ms`,
    });
    this.ageMs = ageMs;
    this.maxAgeMs = maxAgeMs;
  }
}

/**
 * A paginated result did not end within the page limit; a partial position list would understate
 * exposure, so it is refused.
 *
 * @example
 * ```ts
 * new MarketDataTruncatedError({ source: "data-api:http://127.0.0.1:1", key: "positions:0x…", pages: 10 });
 * ```
 */
export class MarketDataTruncatedError extends MarketDataUnavailableError {
  override name = "MarketDataTruncatedError";
  readonly pages: number;
  constructor({ source, key, pages }: KeyedParameters & { pages: number }) {
    super({ source, key, reason: "truncated", details: `still more after ${pages} pages` });
    this.pages = pages;
  }
}

/**
 * The caller asked with an id that cannot be valid (not a bytes32, address or decimal token id).
 *
 * @example
 * ```ts
 * new MarketDataInvalidKeyError({ source: "fixture:inline", key: "market:xyz", expected: "bytes32 hex condition id" });
 * ```
 */
export class MarketDataInvalidKeyError extends MarketDataUnavailableError {
  override name = "MarketDataInvalidKeyError";
  constructor({ source, key, expected }: KeyedParameters & { expected: string }) {
    super({ source, key, reason: "invalid_key", details: `expected ${expected}` });
  }
}

/**
 * Operator configuration of the market data layer is invalid (e.g. a condition in two clusters).
 *
 * @example
 * ```ts
 * new MarketDataConfigError({ field: "clusters", details: "condition 0x… is assigned to both a and b" });
 * ```
 */
export class MarketDataConfigError extends WardenError {
  override name = "MarketDataConfigError";
  readonly field: string;
  constructor({ field, details }: { field: string; details: string }) {
    super({
      code: "WARDEN_ERR_MARKET_DATA_CONFIG",
      shortMessage: `Invalid market data configuration at ${field}.`,
      details: { field },
      metaMessages: [`Details: ${details}`],
    });
    this.field = field;
  }
}

/**
 * The answer is well-formed but about something else than what was asked (another order's id).
 *
 * @example
 * ```ts
 * new MarketDataMismatchError({ source: "clob-orders:http://127.0.0.1:1", key: "order:0xab…", expected: "0xab…", got: "0xcd…" });
 * ```
 */
export class MarketDataMismatchError extends MarketDataSchemaError {
  override name = "MarketDataMismatchError";
  readonly expected: string;
  readonly got: string;
  constructor({ source, key, expected, got }: KeyedParameters & { expected: string; got: string }) {
    super({ source, key, issues: `asked for ${expected}, got ${got}` });
    this.expected = expected;
    this.got = got;
  }
}
