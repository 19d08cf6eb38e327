/** How hard a reason code hits: HARD_REJECT denies, WARN annotates an approval, INFO only records. */
export type Severity = "HARD_REJECT" | "WARN" | "INFO";

/** Where the Risk Controls page (seed 003) routes a code by default. */
export type RoutingDefault = "immediate" | "on next intent" | "queue" | "log only" | "Slack";

/** One entry of the reason-code registry. */
export type ReasonCodeInfo = {
  severity: Severity;
  /** What happened, for developers and the audit log. */
  meaning: string;
  /** What the system does about it. */
  action: string;
  /** What a user reads. Never contains request data. */
  message: string;
  /** Seeds that define the code; `warden` marks codes Warden added. */
  sources: readonly ("000" | "001" | "002" | "003" | "004" | "warden")[];
  routing?: RoutingDefault;
};

/**
 * The single reason-code registry: every code of the five seeds plus the few Warden adds, with
 * severity, meaning, action and user-facing message. Guards may emit only these codes.
 *
 * @example
 * reasonCodes.WALLET_PERMISSION_DENIED.message // "This action is not permitted in your current session."
 */
export const reasonCodes = {
  // seeds 000, 001, 002, 004
  KILL_SWITCH_ACTIVE: {
    severity: "HARD_REJECT",
    meaning: "A kill switch covering the request is armed (global, the strategy's, its bot family's, or the cluster of the order's market); the sessions it covers are revoked.",
    action: "Immediately return DENY and revoke the sessions it covers.",
    message: "Trading is currently paused.",
    sources: ["000", "001", "002", "004"],
  },
  SESSION_KEY_EXPIRED: {
    severity: "HARD_REJECT",
    meaning: "Session key has exceeded lifetime, call budget, or idle timeout.",
    action: "Return DENY; prompt user to re-authorise.",
    message: "Your session has expired. Please re-authorise.",
    sources: ["000", "004"],
  },
  SESSION_BUDGET_WARN: {
    severity: "WARN",
    meaning: "Session call count exceeds 80% of max_calls_per_session.",
    action: "Emit warn; notify user to prepare re-authorisation.",
    message: "Your session has used most of its call budget. Prepare to re-authorise.",
    sources: ["000"],
  },
  SESSION_EXPIRY_WARN: {
    severity: "WARN",
    meaning: "Session age exceeds 75% of max_session_lifetime_h.",
    action: "Emit warn; notify user.",
    message: "Your session is nearing the end of its lifetime.",
    sources: ["000"],
  },
  SESSION_ISSUED: {
    severity: "INFO",
    meaning: "New session key issued successfully.",
    action: "Log issuance event.",
    message: "A new session was issued.",
    sources: ["000"],
  },
  WALLET_PERMISSION_DENIED: {
    severity: "HARD_REJECT",
    meaning:
      "Method or contract not in session whitelist, size cap exceeded (what the wallet gives: makerAmount), or price outside the session's band (max_buy_price / min_sell_price).",
    action: "Return DENY and emit security alert.",
    message: "This action is not permitted in your current session.",
    sources: ["004"],
  },
  PERMISSION_SCOPE_WARN: {
    severity: "WARN",
    meaning:
      "What the order gives (makerAmount) is between 80% and 100% of max_per_call_size_usd, or the method whitelist is non-empty but lacks CTFExchangeV2.matchOrders.",
    action: "Log warning; continue to next check.",
    message: "This order is close to your per-call size limit.",
    sources: ["004"],
  },
  SESSION_ABOUT_TO_EXPIRE: {
    severity: "INFO",
    meaning: "Session expires within require_reapproval_h hours.",
    action: "Emit INFO; notify user to prepare re-authorisation.",
    message: "Your session will expire soon. Consider re-authorising.",
    sources: ["004"],
  },
  OVERRIDE_AUDITOR_NO_JUSTIFICATION: {
    severity: "HARD_REJECT",
    meaning: "Override request missing required justification string.",
    action: "HARD_REJECT; do not emit override counter increment.",
    message: "An override needs a written justification.",
    sources: ["001"],
  },
  OVERRIDE_AUDITOR_RATE_EXCEEDED: {
    severity: "HARD_REJECT",
    meaning: "Requestor has exceeded the max_overrides_per_window limit.",
    action: "HARD_REJECT; do not emit override counter increment.",
    message: "Too many overrides in this window. Try again later or escalate.",
    sources: ["001"],
  },
  OVERRIDE_AUDITOR_RATE_APPROACHING: {
    severity: "WARN",
    meaning: "Override count is one below the hard limit.",
    action: "Attach WARN annotation; APPROVE.",
    message: "You are one override away from the limit for this window.",
    sources: ["001"],
  },
  OVERRIDE_AUDITOR_DATA_UNAVAILABLE: {
    severity: "HARD_REJECT",
    meaning: "Override counter store unavailable; cannot enforce rate limit or record audit.",
    action: "HARD_REJECT (fail-closed).",
    message: "Overrides are unavailable right now.",
    sources: ["001"],
  },
  BLACKLIST_KEEPER_MARKET_BANNED: {
    severity: "HARD_REJECT",
    meaning: "The target market condition ID appears in the operator-maintained banned-market registry.",
    action: "Return HARD_REJECT; log market_id and registry entry for audit trail.",
    message: "This market is not available for trading.",
    sources: ["002"],
  },
  BLACKLIST_KEEPER_COUNTERPARTY_BANNED: {
    severity: "HARD_REJECT",
    meaning: "The counterparty wallet address appears in the operator-maintained banned-counterparty registry.",
    action: "Return HARD_REJECT; log counterparty address (redacted in user-facing messages) for audit trail.",
    message: "This order involves a counterparty that is not allowed.",
    sources: ["002"],
  },
  BLACKLIST_KEEPER_NEAR_RESOLUTION: {
    severity: "HARD_REJECT",
    meaning:
      "The market resolves within min_hours_to_resolution (below the UMA 2-hour challenge period); WARN between 2 and 4 h.",
    action: "HARD_REJECT below the hard threshold; WARN and APPROVE between warning and hard thresholds.",
    message: "This market resolves too soon to trade safely.",
    sources: ["002"],
  },
  BLACKLIST_KEEPER_SINGLE_SOURCE: {
    severity: "HARD_REJECT",
    meaning: "The market resolves on a single data source and block_single_source is enabled.",
    action: "Return HARD_REJECT; log market_id and single_source flag.",
    message: "This market resolves on a single data source and is blocked.",
    sources: ["002"],
  },
  BLACKLIST_KEEPER_AMBIGUOUS_RULES: {
    severity: "HARD_REJECT",
    meaning: "The market resolution rules text contains ambiguity keywords that indicate high dispute risk.",
    action: "Return HARD_REJECT; log the matched keyword and market_id.",
    message: "This market's resolution rules are ambiguous and it is blocked.",
    sources: ["002"],
  },
  BLACKLIST_KEEPER_PRIOR_DISPUTE: {
    severity: "HARD_REJECT",
    meaning: "The market has a recorded prior dispute in its history.",
    action: "Return HARD_REJECT; log market_id and prior_disputes count.",
    message: "This market has a disputed resolution history and is blocked.",
    sources: ["002"],
  },
  BLACKLIST_KEEPER_DATA_UNAVAILABLE: {
    severity: "HARD_REJECT",
    meaning: "A registry or the Gamma market metadata is unavailable or older than its TTL.",
    action: "Return HARD_REJECT (fail-closed). Log which source failed.",
    message: "Market checks are unavailable right now; the order was not signed.",
    sources: ["002"],
  },
  BLACKLIST_KEEPER_PASS: {
    severity: "INFO",
    meaning: "All registry and structural checks passed for this market and counterparty.",
    action: "Emit APPROVE and continue to next guardrail.",
    message: "Market checks passed.",
    sources: ["002"],
  },
  // seed 003: the Risk Controls page and its reason-code routing table
  RISK_KILLSWITCH_TRIPPED: {
    severity: "HARD_REJECT",
    meaning: "A kill switch was tripped by a risk rule.",
    action: "Pause immediately.",
    message: "Trading is paused by a risk kill switch.",
    sources: ["003"],
    routing: "immediate",
  },
  RISK_MARKET_HALTED: {
    severity: "HARD_REJECT",
    meaning: "The market is closed, not accepting orders, resolved or halted.",
    action: "Deny; pause immediately.",
    message: "This market is halted.",
    sources: ["003"],
    routing: "immediate",
  },
  RISK_EXPOSURE_CAP_HIT: {
    severity: "HARD_REJECT",
    meaning: "The order would exceed a gross or net exposure cap (global, cluster, market or strategy).",
    action: "Deny; pause on next intent.",
    message: "This order would exceed an exposure limit.",
    sources: ["003"],
    routing: "on next intent",
  },
  RISK_STRATEGY_CAP_NEAR: {
    severity: "WARN",
    meaning: "A per-strategy cap is more than 80% used.",
    action: "Warn; approve.",
    message: "This strategy is close to its exposure limit.",
    sources: ["003"],
  },
  EXEC_RATE_LIMIT_NEAR: {
    severity: "WARN",
    meaning: "An envelopes/min or notional/min throttle is more than 80% used.",
    action: "Warn; approve.",
    message: "This strategy is close to its order-rate limit.",
    sources: ["003"],
  },
  RISK_BOOK_STALE_15S: {
    severity: "HARD_REJECT",
    meaning: "The order book is older than the staleness window (default 15 s).",
    action: "Deny; queue for review.",
    message: "Market data is stale; the order was not signed.",
    sources: ["003"],
    routing: "queue",
  },
  RISK_DRAWDOWN_TRIGGERED: {
    severity: "HARD_REJECT",
    meaning: "Intraday drawdown reached the limit (default 4%).",
    action: "Deny; pause immediately.",
    message: "The intraday loss limit was reached; trading is paused.",
    sources: ["003"],
    routing: "immediate",
  },
  RISK_SPREAD_WIDE: {
    severity: "HARD_REJECT",
    meaning: "The book's spread is wider than the limit.",
    action: "Deny; notify Slack.",
    message: "The market spread is too wide to trade.",
    sources: ["003"],
    routing: "Slack",
  },
  RISK_GEOFENCE_BLOCK: {
    severity: "HARD_REJECT",
    meaning: "The strategy or operator is in a blocked region.",
    action: "Deny; queue for review.",
    message: "Trading is not available in your region.",
    sources: ["003"],
    routing: "queue",
  },
  STRAT_MAKER_QUOTE_INSIDE: {
    severity: "INFO",
    meaning: "A maker strategy quoted inside the spread.",
    action: "Log only.",
    message: "Quote placed inside the spread.",
    sources: ["003"],
    routing: "log only",
  },
  STRAT_MAKER_NO_EDGE: {
    severity: "INFO",
    meaning: "A maker strategy found no edge.",
    action: "Log only.",
    message: "No edge found for a quote.",
    sources: ["003"],
    routing: "log only",
  },
  EXEC_ROUTE_CTFV2_ACCEPTED: {
    severity: "INFO",
    meaning: "The CTFExchangeV2 route accepted the order.",
    action: "Log only.",
    message: "Order accepted.",
    sources: ["003"],
    routing: "log only",
  },
  EXEC_ROUTE_CTFV2_TIMEOUT: {
    severity: "WARN",
    meaning: "The CTFExchangeV2 route timed out.",
    action: "Queue for review.",
    message: "The exchange did not answer in time.",
    sources: ["003"],
    routing: "queue",
  },
  EXEC_BUILDERCODE_MISSING: {
    severity: "HARD_REJECT",
    meaning: "The order carries no builder code although the operator requires one.",
    action: "Deny; pause immediately.",
    message: "This order is missing the required builder code.",
    sources: ["003"],
    routing: "immediate",
  },
  EXEC_SLIPPAGE_EXCEEDED: {
    severity: "HARD_REJECT",
    meaning: "The order price is outside the book's sane band.",
    action: "Deny; log only.",
    message: "The order price is too far from the market.",
    sources: ["003"],
    routing: "log only",
  },
  EXEC_NONCE_DRIFT: {
    severity: "WARN",
    meaning: "Nonce or sequence drift detected on the execution path.",
    action: "Queue for review.",
    message: "Order sequencing drift detected.",
    sources: ["003"],
    routing: "queue",
  },
  INTEL_MACRO_BULL: {
    severity: "INFO",
    meaning: "Macro intelligence signal: bullish.",
    action: "Log only.",
    message: "Macro signal: bullish.",
    sources: ["003"],
    routing: "log only",
  },
  INTEL_MACRO_BEAR: {
    severity: "INFO",
    meaning: "Macro intelligence signal: bearish.",
    action: "Log only.",
    message: "Macro signal: bearish.",
    sources: ["003"],
    routing: "log only",
  },
  INTEL_MACRO_NEUTRAL: {
    severity: "INFO",
    meaning: "Macro intelligence signal: neutral.",
    action: "Log only.",
    message: "Macro signal: neutral.",
    sources: ["003"],
    routing: "log only",
  },
  DISC_HEADLINE_MATCH: {
    severity: "INFO",
    meaning: "A discovery bot matched a headline to a market.",
    action: "Log only.",
    message: "Headline matched a market.",
    sources: ["003"],
    routing: "log only",
  },
  SEC_SIGNING_INVALID: {
    severity: "HARD_REJECT",
    meaning:
      "The signing request is not exactly a known V2 order or ClobAuth document for this chain and wallet (domain, types, fields, timestamp window).",
    action: "Deny without signing; pause immediately.",
    message: "This signing request is invalid and was not signed.",
    sources: ["003"],
    routing: "immediate",
  },
  GOV_STRATEGY_FORBIDDEN_INPUT: {
    severity: "HARD_REJECT",
    meaning: "The intent carries inputs the strategy is not allowed to use.",
    action: "Deny; pause immediately.",
    message: "This strategy used an input it is not allowed to use.",
    sources: ["003"],
    routing: "immediate",
  },
  // Added by Warden: each fills a gap the seeds leave, with its own message.
  SESSION_REVOKED: {
    severity: "HARD_REJECT",
    meaning: "The session was revoked by its owner (signed SessionRevoke).",
    action: "Refuse every request with its credential; no pipeline runs.",
    message: "Your session was revoked. Please re-authorise.",
    sources: ["warden"],
  },
  SESSION_CREDENTIAL_INVALID: {
    severity: "HARD_REJECT",
    meaning: "The bearer credential matches no session.",
    action: "Refuse; no pipeline runs.",
    message: "This session credential is not valid.",
    sources: ["warden"],
  },
  SESSION_STRATEGY_MISMATCH: {
    severity: "HARD_REJECT",
    meaning: "A session issued for one strategy was used to sign for another.",
    action: "Return DENY and emit security alert.",
    message: "This session belongs to a different strategy.",
    sources: ["warden"],
  },
  SESSION_GRANT_INVALID: {
    severity: "HARD_REJECT",
    meaning: "A SessionGrant or SessionRevoke is unknown, already used, expired or not signed by the wallet, or a grant request was refused because sessions.max_pending_grants grants are pending.",
    action: "Refuse; nothing is issued or revoked.",
    message: "The session authorisation is not valid.",
    sources: ["warden"],
  },
  KILL_SWITCH_DATA_UNAVAILABLE: {
    severity: "HARD_REJECT",
    meaning: "The kill-switch state could not be read.",
    action: "Return DENY (fail-closed).",
    message: "Trading is paused while safety checks are unavailable.",
    sources: ["warden"],
  },
  SESSION_KEY_MANAGER_DATA_UNAVAILABLE: {
    severity: "HARD_REJECT",
    meaning: "Session state (lifetime, budget, idle timer) could not be read or evaluated.",
    action: "Return DENY (fail-closed).",
    message: "Your session could not be checked; the order was not signed.",
    sources: ["warden"],
  },
  STORE_DATA_UNAVAILABLE: {
    severity: "HARD_REJECT",
    meaning: "The store could not record the decision (audit append or budget reservation failed).",
    action: "Return DENY; the signature, if computed, is discarded.",
    message: "Warden could not record this decision; the order was not signed.",
    sources: ["warden"],
  },
  PIPELINE_EMPTY: {
    severity: "HARD_REJECT",
    meaning: "The guard pipeline has no guards, or none that enforces (all shadow_only).",
    action: "Return DENY (deny by default).",
    message: "No safety checks are configured; nothing can be signed.",
    sources: ["warden"],
  },
  PIPELINE_TIMEOUT: {
    severity: "HARD_REJECT",
    meaning: "The guard pipeline did not decide within guards.pipeline_timeout_ms (seed 004 §21 per-call timeout, 10 ms by default); the time is the evaluation's own, not queueing or the store's commit.",
    action: "Return DENY (fail closed); nothing is signed. A retry gets a fresh evaluation.",
    message: "The safety checks took too long; the order was not signed. Try again.",
    sources: ["warden"],
  },
  OVERRIDE_INVALID: {
    severity: "HARD_REJECT",
    meaning: "An override names a setting that cannot be overridden, or a value the configuration schema refuses.",
    action: "HARD_REJECT; audited; not counted against the override rate limit.",
    message: "This override is not valid; nothing was changed.",
    sources: ["warden"],
  },
  CLOB_AUTH_SCOPE_WARN: {
    severity: "WARN",
    meaning:
      "The session may sign ClobAuth (sessions.allow_clob_auth is on): it can create or derive the wallet's CLOB API key, which is the wallet's, not the session's. That key can read and cancel every order of the wallet, other strategies' orders too, and delete the wallet's API keys.",
    action: "Attach to the session grant's warnings and log it; each ClobAuth signature is rate-limited per session and audited.",
    message:
      "This session can create API keys for your wallet. An API key can read and cancel every order of the wallet, including other strategies' orders, and delete the wallet's API keys.",
    sources: ["warden"],
  },
  CLOB_AUTH_RATE_EXCEEDED: {
    severity: "HARD_REJECT",
    meaning: "The session already got sessions.clob_auth_per_hour ClobAuth signatures in the last hour.",
    action: "Return DENY for this request; the hour slides, so a later request may pass. No pause.",
    message: "This session asked for too many API-key signatures; try again later.",
    sources: ["warden"],
  },
  MARKET_DATA_TRACKING_FULL: {
    severity: "HARD_REJECT",
    meaning: "The order is for a token Warden does not track, and it already tracks market_data.track.max_tokens tokens (idle ones are dropped after market_data.track.idle_drop_s).",
    action: "Return DENY (fail closed): nothing is fetched for the token. Raise max_tokens or wait for idle tokens to drop.",
    message: "Warden is watching as many markets as it can; this market's order was not signed. Try again later.",
    sources: ["warden"],
  },
  MARKET_DATA_TRACKING_RATE_EXCEEDED: {
    severity: "HARD_REJECT",
    meaning: "The session already added market_data.track.max_new_tokens_per_session_per_min new tokens in the last minute.",
    action: "Return DENY for this order; nothing is fetched for its token. The minute slides, so a later order may pass.",
    message: "This session asked for too many new markets at once; try again in a minute.",
    sources: ["warden"],
  },
  GUARD_QUARANTINED: {
    severity: "HARD_REJECT",
    meaning: "A guard in quarantine mode is not trusted, so the requests it covers are denied.",
    action: "Return DENY until an operator moves the guard out of quarantine.",
    message: "A safety check is under maintenance; the order was not signed.",
    sources: ["warden"],
  },
  // Added by Warden for the risk guards (issue 4): each fails closed with its own code, so the
  // audit log says which guard lacked which data.
  COMPLIANCE_GATE_DATA_UNAVAILABLE: {
    severity: "HARD_REJECT",
    meaning: "ComplianceGate could not establish the region (a geofence is configured but no valid region is known) or read its inputs.",
    action: "Return DENY (fail-closed).",
    message: "Compliance checks are unavailable right now; the order was not signed.",
    sources: ["warden"],
  },
  MARKET_HALT_GUARD_DATA_UNAVAILABLE: {
    severity: "HARD_REJECT",
    meaning: "The market's metadata (trading state) is missing, stale or not of the order's token.",
    action: "Return DENY (fail-closed); a market without data is never assumed open.",
    message: "Market status is unavailable right now; the order was not signed.",
    sources: ["warden"],
  },
  STALE_BOOK_GUARD_DATA_UNAVAILABLE: {
    severity: "HARD_REJECT",
    meaning: "The order book of the order's token was never fetched, failed to refresh, or is of another token.",
    action: "Return DENY (fail-closed).",
    message: "Market data is unavailable right now; the order was not signed.",
    sources: ["warden"],
  },
  MARKET_QUALITY_GUARD_DATA_UNAVAILABLE: {
    severity: "HARD_REJECT",
    meaning: "The order book is missing, of another token, or lacks the side the spread or slippage check needs.",
    action: "Return DENY (fail-closed).",
    message: "Market data is unavailable right now; the order was not signed.",
    sources: ["warden"],
  },
  EXPOSURE_GUARD_DATA_UNAVAILABLE: {
    severity: "HARD_REJECT",
    meaning: "Exposure (signed orders and positions), the token's cluster, or the strategy's throttle counters could not be read or do not match the order.",
    action: "Return DENY (fail-closed).",
    message: "Exposure checks are unavailable right now; the order was not signed.",
    sources: ["warden"],
  },
  DRAWDOWN_GUARD_DATA_UNAVAILABLE: {
    severity: "HARD_REJECT",
    meaning: "Equity now or at the start of the trading day could not be read, or the start-of-day equity is not positive.",
    action: "Return DENY (fail-closed).",
    message: "Loss-limit checks are unavailable right now; the order was not signed.",
    sources: ["warden"],
  },
  BLACKLIST_KEEPER_NEAR_RESOLUTION_WARN: {
    severity: "WARN",
    meaning:
      "The market resolves between the hard threshold (default 2 h, the UMA challenge period) and the warning threshold (default 4 h). The WARN half of seed 002's BLACKLIST_KEEPER_NEAR_RESOLUTION, whose registry severity is HARD_REJECT.",
    action: "Attach WARN annotation; APPROVE.",
    message: "This market resolves soon.",
    sources: ["warden"],
  },
  KILL_SWITCH_CANCEL_INCOMPLETE: {
    severity: "WARN",
    meaning:
      "An armed kill switch (or max_resting_s) could not confirm on the CLOB the cancel of every resting order in its scope: a request failed after its retries, or an order was not confirmed cancelled. Those orders keep their exposure.",
    action: "Alert the risk team with the cancel report; check the listed orders on the CLOB and cancel them by hand.",
    message: "Some resting orders could not be cancelled and may still fill.",
    sources: ["warden"],
  },
  KILL_SWITCH_PAUSE_USER_FAILED: {
    severity: "WARN",
    meaning: "The global kill switch could not record the wallet's pauseUser() on every exchange (RPC down, wrong chain, transaction failed or not mined in time); preapproved orders may still match there.",
    action: "Alert the risk team with the report; send pauseUser() from the wallet by hand.",
    message: "The exchange-level pause could not be confirmed on every exchange.",
    sources: ["warden"],
  },
  EXEC_RATE_LIMIT_EXCEEDED: {
    severity: "HARD_REJECT",
    meaning: "The order would exceed the strategy's envelopes-per-minute or notional-per-minute throttle (the hard side of EXEC_RATE_LIMIT_NEAR).",
    action: "Return DENY for this intent only; the window slides, so later intents may pass. No pause.",
    message: "Orders are being sent too fast; try again shortly.",
    sources: ["warden"],
    routing: "log only",
  },
  // Added by Warden for deposit-wallet mode (issue 12): the wallet's own on-chain authorisation of
  // Warden's session signer, read off the signing path. Neither pauses: signing resumes by itself.
  WALLET_SESSION_SIGNER_UNAUTHORIZED: {
    severity: "HARD_REJECT",
    meaning:
      "The deposit wallet does not authorise Warden's session signer now: sessionSignerAuthorizedUntil(sessionSigner) is 0 (never authorised, or revoked) or not after the current time (expired).",
    action: "Return DENY; sign nothing until the owner authorises the session signer (warden deposit-wallet authorize) and the authorisation is read on-chain.",
    message: "This wallet has not authorised Warden to trade right now; the order was not signed.",
    sources: ["warden"],
    routing: "log only",
  },
  WALLET_SESSION_SIGNER_DATA_UNAVAILABLE: {
    severity: "HARD_REJECT",
    meaning:
      "The session signer's on-chain authorisation is unknown: it was never read, or the last successful read is older than wallet.max_staleness_s (RPC unreachable or failing).",
    action: "Return DENY (fail-closed); signing resumes when a fresh answer arrives.",
    message: "The wallet's authorisation cannot be checked right now; the order was not signed.",
    sources: ["warden"],
    routing: "log only",
  },
  // Added by Warden for safe-module mode (issue 13): a Safe session signs only once its grant is on
  // the module and the scope read back equals the off-chain one.
  WALLET_SAFE_SESSION_NOT_ACTIVE: {
    severity: "HARD_REJECT",
    meaning:
      "The Safe session has no active on-chain grant Warden checked: the owners have not executed grantSession yet, the scope read back from the module differs from the off-chain one, the session was revoked, or its session key is gone.",
    action: "Return DENY; sign nothing for the session until its grant is on-chain and read back equal (or the operator enabled off-chain-only Safe sessions).",
    message: "This Safe session is not active on-chain; the order was not signed.",
    sources: ["warden"],
    routing: "log only",
  },
} as const satisfies Record<string, ReasonCodeInfo>;

/** A code registered in {@link reasonCodes}. */
export type ReasonCode = keyof typeof reasonCodes;
