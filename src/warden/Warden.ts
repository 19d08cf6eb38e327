import type { Address, Hex, Transport } from "viem";
import type { Logger } from "pino";
import type { WardenConfig, WardenConfigInput } from "../config/wardenConfigSchema";
import type { RiskVote } from "../core/RiskVote";
import type { KillSwitchRecord, KillSwitchScope, SessionRecord } from "../core/SessionRecord";
import type { SessionRequest } from "../core/sessionRequestSchema";
import type { sessionGrantTypedData, sessionRevokeTypedData } from "../core/sessionTypedData";
import type { SignParameters, SigningEndpoint } from "../core/SigningEndpoint";
import type { ClosestToBreachReturnType } from "../guards/closestToBreach";
import type { Guard, GuardFinding } from "../guards/Guard";
import type { OverrideRequest } from "../guards/manualOverrideAuditor";
import type { CreateMarketDataReturnType } from "../market/createMarketData";
import type { Wallet } from "../signer/wallets/Wallet";
import type { WalletKey } from "../signer/WalletKey";
import type { SafeSessionKeys } from "../signer/wallets/createSafeSessionKeys";
import type { SafeSessionActivation } from "../chain/createSafeModuleWallet";
import type { SafeTransactionView } from "../chain/safeTransactionView";
import type { SafeSessionScopes } from "../chain/createSafeSessionAdmin";
import type { AuditVerification, Store } from "../store/Store";
import type { UserPauseReport } from "../chain/createUserPauser";
import type { CancelAlert, CancelReport } from "./createOrderCancels";
import type { OpenOrder } from "./listOpenOrders";
import type { SignOptions } from "./SignOptions";

/**
 * What {@link Warden.closestToBreach} answers: the caps, or why there are none — a token Warden
 * tracks no market data for (`token_tracked: false`: the caller named a token no order touched and no
 * config lists) or a tracked token whose market data or positions are not there (`reason`).
 */
export type ClosestToBreach = { status: "ok"; caps: ClosestToBreachReturnType } | { status: "unavailable"; token_tracked: boolean; reason: string };

/** Parameters of `createWarden`. */
export type CreateWardenParameters = {
  /** The wallet Warden signs for: a wallet port, or a key opened as `config.wallet` says (the `eoa` wallet's key, or a deposit wallet's session signer), or `safe-module`'s session key store. */
  wallet: WalletKey | Wallet | SafeSessionKeys;
  config?: WardenConfigInput;
  /** A store to use instead of the one the config describes (tests). */
  store?: Store;
  logger?: Logger;
  /** Clock in unix ms; tests pin it to probe boundaries. */
  now?: () => number;
  /** Called for every security alert (every WalletPermissionGuard or strategy-binding denial). */
  onSecurityAlert?: (alert: SecurityAlert) => void;
  /** Deposit-wallet and safe-module modes: read the chain through this viem transport instead of `wallet.rpc_url` (tests, benchmarks). */
  chainTransport?: Transport;
  /** Replaces the guard list (tests of deny-by-default); production uses the configured pipeline. */
  guards?: Guard[];
  /** Market data to read instead of the one the config describes (tests); the caller starts and stops it. */
  marketData?: Pick<CreateMarketDataReturnType, "store" | "clusters">;
  /** Where notify routes POST (default: global fetch); tests pass their own. */
  fetch?: typeof globalThis.fetch;
  /** safe-module mode with `kill_switch.pause_user`: the risk team's guardian key (the module's `guardian` of the Safe), which arming the global switch uses to call `pauseSafe(safe, true)`. */
  guardian?: WalletKey;
  /** Called when an armed kill switch could not confirm the cancel of every resting order in its scope, or pauseUser failed. */
  onKillSwitchAlert?: (alert: KillSwitchAlert) => void;
};

/**
 * A kill switch that did not fully reach the order book or the chain: orders may still rest
 * (their exposure is kept), or an exchange did not record the wallet's pause.
 */
export type KillSwitchAlert = CancelAlert | { alert: "KillSwitchPauseUserFailed"; report: UserPauseReport };

/** A security event (seed 004: every WALLET_PERMISSION_DENIED is one). */
export type SecurityAlert = {
  /** `SafeSessionDrift`: a Safe session was changed on-chain behind Warden and is frozen (the vote's evidence says what). */
  alert: "WalletPermissionDenied" | "SessionStrategyMismatch" | "SafeSessionDrift";
  session_id: Hex;
  strategy_id: string;
  vote: RiskVote;
};

/** What {@link Warden.requestSession} returns: the document for the owner to sign. */
export type SessionGrantRequest = {
  grant_id: Hex;
  typed_data: ReturnType<typeof sessionGrantTypedData>;
  /** Scope warnings, e.g. PERMISSION_SCOPE_WARN when the whitelist lacks CTFExchangeV2.matchOrders. */
  warnings: GuardFinding[];
  /**
   * safe-module mode: the session is issued at once (credential shown once) but signs nothing until
   * the owners execute `safe_transaction` (`grantSession`, the Safe's threshold) and Warden reads
   * the grant back equal; `typed_data` is the off-chain scope the grant binds (its hash is `grant_id`).
   */
  /** safe-module: `signer_address` is the session's own key (its ClobAuth address: pass it to toSessionAccount as `signerAddress`). */
  safe_session?: IssuedSession & { signer_address: Address; safe_transaction: SafeTransactionView; activation: SafeSessionActivation | null };
};

/** An issued session. The credential is shown once and stored only as a hash. */
export type IssuedSession = {
  session_id: Hex;
  credential: string;
  strategy_id: string;
  valid_until_ms: number;
};

/** A session as operators may see it (no credential material). */
export type SessionView = Omit<SessionRecord, "credential_hash"> & {
  /** safe-module, `getSession` only: both halves of the scope (built and on-chain) and the activation state. */
  safe_scopes?: SafeSessionScopes;
};

/**
 * Which kill switch, who, and why (all audited): `strategy_id` for a strategy switch, `cluster_id`
 * (a `market_data.clusters` id, or `unassigned`) for a cluster switch, `family` (a
 * `strategies.<id>.family`) for a bot-family switch.
 */
export type KillSwitchParameters = { scope: KillSwitchScope; strategy_id?: string; cluster_id?: string; family?: string; actor: string; reason: string };

/**
 * What arming returns, once the switch is recorded (signing has stopped): the switch, the sessions
 * it revoked, and the cancel of the resting orders it covers, already under way — a report that
 * never rejects (also audited, and kept for {@link Warden.killSwitchReports}).
 */
export type ArmKillSwitchResult = {
  switch: KillSwitchRecord;
  revoked_sessions: Hex[];
  cancel: Promise<CancelReport>;
  /**
   * The global switch with `kill_switch.pause_user`: `pauseUser()` on every exchange, under way. In
   * safe-module mode with the guardian, a narrower switch that revoked sessions: the guardian's
   * `pauseStrategy` of each strategy index their grants carry, under way (resolves null when none
   * of them has a grant that can be read). Null otherwise. Never rejects.
   */
  pause_user: Promise<UserPauseReport | null> | null;
};

/**
 * A disarm is an override (seed 001): who asks (`requestor_id`, rate-limited with their other
 * overrides) and why (`justification`, non-blank), for the switch named as in {@link KillSwitchParameters}.
 */
/** A disarm is an override: who asks (`requestor_id`, a label), why, and the authenticated operator whose rate limit it spends (in process: defaults to the requestor). */
export type DisarmKillSwitchParameters = Omit<KillSwitchParameters, "actor" | "reason"> & { requestor_id: string; justification: string; operator_id?: string };

/** A running Warden. */
export type Warden = Omit<SigningEndpoint, "sign"> & {
  /** Signs a request if the guard pipeline approves it (see {@link SigningEndpoint}); `options` tell how an edge calls. */
  sign(params: SignParameters, options?: SignOptions): Promise<Hex>;
  /** The configuration in force (changes only through audited overrides). */
  readonly config: WardenConfig;
  readonly store: Store;
  requestSession(request: SessionRequest): Promise<SessionGrantRequest>;
  grantSession(params: { grant_id: Hex; signature: Hex }): Promise<IssuedSession>;
  sessionRevokeTypedData(sessionId: Hex): ReturnType<typeof sessionRevokeTypedData>;
  revokeSession(params: { session_id: Hex; signature: Hex }): Promise<void>;
  /**
   * safe-module mode: stops signing for the session at once (revoked in the store, key destroyed)
   * and returns the `revokeSession` Safe transaction the owners execute (null: its grant was never mined).
   */
  revokeSafeSession(sessionId: Hex): Promise<{ revoked: Hex; safe_transaction: SafeTransactionView | null }>;
  /** safe-module mode: reads the session's grant back from the module now. */
  refreshSafeSession(sessionId: Hex): Promise<SafeSessionActivation | null>;
  /** Arms a switch: signing stops when this resolves, and the resting orders it covers are being cancelled. */
  armKillSwitch(params: KillSwitchParameters): Promise<ArmKillSwitchResult>;
  /** Disarms through the ManualOverrideAuditor: refused (OverrideDeniedError) without a justification or over the rate limit. */
  disarmKillSwitch(params: DisarmKillSwitchParameters): Promise<{ vote: RiskVote; warnings: RiskVote[] }>;
  /** Lifts the exchanges' pause of the wallet (`unpauseUser()`): an override, refused while the global switch is armed. */
  unpauseUser(params: { requestor_id: string; justification: string; operator_id?: string }): Promise<{ vote: RiskVote; warnings: RiskVote[]; report: UserPauseReport }>;
  /**
   * Cancels Warden's own orders older than `kill_switch.max_resting_s` (by id; released once the
   * CLOB confirms): the report, or null when the option is off or no order is that old.
   */
  retireRestingOrders(): Promise<CancelReport | null>;
  /** The latest cancel and pauseUser reports of armed switches and retired orders (newest last). */
  killSwitchReports(): { cancels: CancelReport[]; pause_user: UserPauseReport[] };
  getSession(sessionId: Hex): Promise<SessionView | undefined>;
  /** Every session (live, expired, revoked), without credential hashes. */
  listSessions(): Promise<SessionView[]>;
  /** Ends an order's claim on exposure (the strategy or an order watcher saw it cancelled, filled or expired). */
  releaseOrder(params: { intent_id: string; reason: "cancelled" | "filled" | "expired"; actor: string }): Promise<boolean>;
  /** Signed orders still holding exposure (signed and never released: age ends none), with their CLOB order ids. */
  listOpenOrders(): Promise<OpenOrder[]>;
  /** Prometheus text: decisions, votes, pipeline latency, session expiry, kill switches, exposure utilisation. */
  metricsText(): Promise<string>;
  /** Seed 001: change a guardrail at run time, justified, rate-limited and audited; survives restarts. */
  requestOverride(request: OverrideRequest): Promise<{ vote: RiskVote; warnings: RiskVote[] }>;
  /** Seed 003 "closest to breach": utilisation and minutes to breach of every cap an order on this token touches. */
  closestToBreach(params: { strategy_id: string; token_id: string; minUtilisationPct?: number }): Promise<ClosestToBreach>;
  verifyAudit(): Promise<AuditVerification>;
  close(): Promise<void>;
};
