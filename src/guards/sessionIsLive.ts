import type { SigningIntent } from "../core/SigningIntent";
import type { GuardContext } from "./Guard";
import { killSwitchGuard } from "./killSwitchGuard";
import { sessionKeyManagerGuard } from "./sessionKeyManagerGuard";

const killSwitch = killSwitchGuard();
const sessionKeys = sessionKeyManagerGuard({ mode: "hard_guard" });

/**
 * Whether the session may sign at all right now, by the same rules the pipeline enforces: no armed
 * kill switch covers it, and the SessionKeyManager (judged as `hard_guard`, whatever its configured
 * mode) finds it not revoked, not expired, not spent, not idle, and used for its own strategy.
 * Work a request causes outside the pipeline (fetching market data for a new token) waits for this.
 *
 * @param intent - The decoded intent.
 * @param ctx - The snapshot the pipeline will judge it against.
 * @returns True when neither guard would deny.
 * @example
 * if (sessionIsLive(intent, guardCtx)) risk.admitToken(...)
 */
export function sessionIsLive(intent: SigningIntent, ctx: GuardContext): boolean {
  return killSwitch.evaluate(intent, ctx).deny === undefined && sessionKeys.evaluate(intent, ctx).deny === undefined;
}
