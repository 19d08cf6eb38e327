/** Parameters of {@link toMicros}. */
export type ToMicrosParameters = {
  /** A finite number or a plain decimal string (`"12.5"`, `"-0.000001"`). */
  value: number | string;
};

/** The value in micro-units; `undefined` when the input is not a finite decimal. */
export type ToMicrosReturnType = bigint | undefined;

const decimalPattern = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Converts a decimal amount (pUSD or shares, 6 decimals on chain) to bigint micro-units, rounding
 * half away from zero at the 6th decimal. Numbers are first written with `toFixed(7)` so float
 * noise in the data API's JSON numbers (`0.30000000000000004`) does not leak into amounts.
 *
 * @param parameters - `{ value }`.
 * @returns The amount in micro-units, or `undefined` for NaN, infinities and non-decimal strings.
 *
 * @example
 * ```ts
 * toMicros({ value: "12.5" }); // 12500000n
 * toMicros({ value: 0.1 + 0.2 }); // 300000n
 * toMicros({ value: "1e3" }); // undefined
 * ```
 */
export function toMicros({ value }: ToMicrosParameters): ToMicrosReturnType {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value) || Math.abs(value) >= 1e15) return undefined;
    text = value.toFixed(7);
  } else {
    text = value.trim();
  }
  const match = decimalPattern.exec(text);
  if (match === null) return undefined;
  const [, sign, whole = "0", fraction = ""] = match;
  const padded = (fraction + "0000000").slice(0, 7);
  const sevenths = BigInt(whole) * 10_000_000n + BigInt(padded);
  // Half away from zero: the 7th decimal decides; later digits cannot change the outcome.
  const roundsUp = sevenths % 10n >= 5n;
  const micros = sevenths / 10n + (roundsUp ? 1n : 0n);
  return sign === "-" && micros !== 0n ? -micros : micros;
}
