// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Outcome of a scope check. `Ok` is the only accepting value; every other member names the
///         rule that refused. Decoded in TypeScript from the generated `wardenStatus` list.
enum Status {
    Ok,
    // --- session state ---
    UnknownSession,
    SessionRevoked,
    SessionPaused,
    StrategyPaused,
    SafePaused,
    SessionExpired,
    // --- signature / caller ---
    WrongSessionKey,
    MalformedSignature,
    // --- orders ---
    WrongTypeHash,
    MalformedOrder,
    WrongMaker,
    WrongSigner,
    WrongSignatureType,
    ExchangeNotAllowed,
    DomainMismatch,
    HashMismatch,
    SizeCapExceeded,
    TokenNotAllowed,
    OrderTooOld,
    OrderFromFuture,
    PriceOutOfBand,
    ZeroAmount,
    // --- calls ---
    TargetForbidden,
    CallNotAllowed,
    ValueNotAllowed,
    CallBudgetExhausted,
    MalformedCalldata,
    SpenderNotAllowed,
    RecipientNotAllowed,
    WrongBeneficiary,
    // --- grants ---
    ZeroSessionKey,
    StrategyOutOfRange,
    UnknownExchange,
    UnsupportedSelector,
    TransferWithoutRecipients,
    TooManyEntries,
    InvalidAddress,
    MaxBuyPriceOutOfRange,
    MinSellPriceOutOfRange
}

/// @notice A `(target, selector)` pair a session may call.
struct CallPermission {
    address target;
    bytes4 selector;
}

/// @notice The numeric part of a session's scope.
/// @dev `validUntil` is inclusive: the session is live while `block.timestamp <= validUntil`.
struct SessionLimits {
    /// Unix seconds; last second at which the session is live.
    uint40 validUntil;
    /// Maximum age of a signed order, in seconds, measured from its `timestamp` (ms) to the block.
    uint32 maxOrderAgeSec;
    /// Per-call cap in pUSD base units (6 decimals): what an order gives (its `makerAmount`: pUSD
    /// on a BUY, shares valued at their 1 pUSD face value on a SELL) and every size argument.
    uint64 maxPerCallMicroUsd;
    /// Lowest SELL price, in micro-pUSD per share (1e6 = 1.0 pUSD/share): a SELL needs
    /// `takerAmount * 1e6 >= minSellPriceMicroUsd * makerAmount`. 0 = any price; at most 1e6.
    uint32 minSellPriceMicroUsd;
    /// Highest BUY price, in micro-pUSD per share (1e6 = 1.0 pUSD/share): a BUY needs
    /// `makerAmount * 1e6 <= maxBuyPriceMicroUsd * takerAmount`. 1e6 = up to 1.0, the most a share
    /// can pay out (no tighter bound); 0 = no BUY at all; at most 1e6.
    uint32 maxBuyPriceMicroUsd;
    /// Call budget: how many module calls the session may ever execute.
    uint32 maxCalls;
    /// Maximum wei a single module call may send (0 = no value).
    uint96 maxValuePerCallWei;
    /// Bit i set = the module's exchange i (constructor order) is allowed.
    uint8 exchangeMask;
    /// Strategy index (0–63) used by the strategy kill switch.
    uint8 strategy;
    /// When true, orders must be for a token id in the session's token allowlist.
    bool tokenAllowlist;
}

/// @notice Everything a Safe writes when it grants a session.
struct SessionGrant {
    /// The session key (an EOA held by the Warden proxy).
    address key;
    SessionLimits limits;
    /// Allowed `(target, selector)` pairs for module calls.
    CallPermission[] calls;
    /// Extra approved spenders / operators (ramps, adapters) besides the allowed exchanges.
    address[] spenders;
    /// Recipients allowed for transfers out (required when a transfer selector is granted).
    address[] recipients;
    /// Token ids allowed for orders when `limits.tokenAllowlist` is set.
    uint256[] tokenIds;
}

/// @notice Which address list of a session an update writes.
enum AddressList {
    Spenders,
    Recipients
}

/// @title IWardenModule
/// @notice Events and errors of the Warden Safe module.
interface IWardenModule {
    // --- events ---

    /// @notice The Safe set (or cleared) its guardian.
    /// @param safe The Safe.
    /// @param previousGuardian The guardian before.
    /// @param guardian The new guardian (zero = none).
    event GuardianSet(address indexed safe, address previousGuardian, address guardian);

    /// @notice The Safe granted a session.
    /// @param safe The Safe.
    /// @param sessionId The new session id (never reused).
    /// @param key The session key.
    /// @param grant The full grant as written.
    event SessionGranted(address indexed safe, bytes32 indexed sessionId, address indexed key, SessionGrant grant);

    /// @notice The Safe rewrote a session's limits.
    /// @param safe The Safe.
    /// @param sessionId The session.
    /// @param limits The new limits.
    /// @param callsLeft The call budget left after the update.
    event SessionLimitsUpdated(address indexed safe, bytes32 indexed sessionId, SessionLimits limits, uint32 callsLeft);

    /// @notice The Safe allowed or disallowed `(target, selector)` pairs for a session.
    /// @param safe The Safe.
    /// @param sessionId The session.
    /// @param calls The pairs written.
    /// @param allowed Their new state.
    event SessionCallsSet(address indexed safe, bytes32 indexed sessionId, CallPermission[] calls, bool allowed);

    /// @notice The Safe changed a session's spender or recipient list.
    /// @param safe The Safe.
    /// @param sessionId The session.
    /// @param list Which list.
    /// @param addrs The addresses written.
    /// @param allowed Their new state.
    event SessionAddressesSet(
        address indexed safe, bytes32 indexed sessionId, AddressList list, address[] addrs, bool allowed
    );

    /// @notice The Safe changed a session's token allowlist.
    /// @param safe The Safe.
    /// @param sessionId The session.
    /// @param tokenIds The token ids written.
    /// @param allowed Their new state.
    event SessionTokensSet(address indexed safe, bytes32 indexed sessionId, uint256[] tokenIds, bool allowed);

    /// @notice The Safe revoked a session, for good.
    /// @param safe The Safe.
    /// @param sessionId The session.
    event SessionRevoked(address indexed safe, bytes32 indexed sessionId);

    /// @notice A session was paused.
    /// @param safe The Safe.
    /// @param sessionId The session.
    /// @param by The guardian or the Safe.
    event SessionPaused(address indexed safe, bytes32 indexed sessionId, address by);

    /// @notice The Safe unpaused a session.
    /// @param safe The Safe.
    /// @param sessionId The session.
    event SessionUnpaused(address indexed safe, bytes32 indexed sessionId);

    /// @notice A strategy was paused: every session with this strategy index stops.
    /// @param safe The Safe.
    /// @param strategy The strategy index.
    /// @param by The guardian or the Safe.
    event StrategyPaused(address indexed safe, uint8 indexed strategy, address by);

    /// @notice The Safe unpaused a strategy.
    /// @param safe The Safe.
    /// @param strategy The strategy index.
    event StrategyUnpaused(address indexed safe, uint8 indexed strategy);

    /// @notice Every session of the Safe was paused.
    /// @param safe The Safe.
    /// @param by The guardian or the Safe.
    /// @param onExchanges Whether `pauseUser()` was also requested on every known exchange.
    event SafePaused(address indexed safe, address by, bool onExchanges);

    /// @notice The Safe lifted its Safe-wide pause.
    /// @param safe The Safe.
    /// @param onExchanges Whether `unpauseUser()` was also requested on every known exchange.
    event SafeUnpaused(address indexed safe, bool onExchanges);

    /// @notice The module asked an exchange to pause or unpause the Safe as a user.
    /// @param safe The Safe.
    /// @param exchange The exchange.
    /// @param pause True for `pauseUser()`, false for `unpauseUser()`.
    /// @param success Whether the exchange call succeeded (`pauseUser` reverts if already paused).
    event ExchangeUserPauseCalled(address indexed safe, address indexed exchange, bool pause, bool success);

    /// @notice A session key executed a call through the module.
    /// @param safe The Safe.
    /// @param sessionId The session.
    /// @param target The call target.
    /// @param selector The selector called.
    /// @param value Wei sent.
    /// @param callsLeft The call budget left.
    event SessionCallExecuted(
        address indexed safe,
        bytes32 indexed sessionId,
        address indexed target,
        bytes4 selector,
        uint256 value,
        uint32 callsLeft
    );

    // --- errors ---

    /// @notice A session call or order is out of scope.
    /// @param sessionId The session (zero when the payload carried none).
    /// @param status The rule that refused.
    /// @param info The offending value (address, selector, amount, timestamp …) as a word.
    error ScopeViolation(bytes32 sessionId, Status status, bytes32 info);

    /// @notice A grant or update is invalid.
    /// @param status The rule that refused.
    /// @param info The offending value as a word.
    error InvalidScope(Status status, bytes32 info);

    /// @notice The caller may not do this for this Safe.
    /// @param safe The Safe.
    /// @param caller The caller.
    error Unauthorized(address safe, address caller);

    /// @notice No such session for this Safe.
    /// @param safe The Safe.
    /// @param sessionId The session id.
    error UnknownSession(address safe, bytes32 sessionId);

    /// @notice The session was revoked; revoked sessions are never changed again.
    /// @param safe The Safe.
    /// @param sessionId The session id.
    error SessionIsRevoked(address safe, bytes32 sessionId);

    /// @notice The call executed by the Safe reverted.
    /// @param sessionId The session.
    /// @param returnData The revert data of the target.
    error CallFailed(bytes32 sessionId, bytes returnData);

    /// @notice The constructor received an invalid exchange list.
    /// @param index The offending entry (or the count when there are too many).
    error InvalidExchangeConfig(uint256 index);
}
