// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CallScope} from "./CallScope.sol";
import {ISafe} from "../interfaces/ISafe.sol";
import {AddressList, CallPermission, SessionGrant, SessionLimits, Status} from "../interfaces/IWardenModule.sol";

/// @title SessionAdmin
/// @notice The writes: only a Safe grants, updates and revokes its sessions and sets its guardian
///         (`msg.sender` is the Safe, by construction). The guardian can only pause.
/// @dev No external call happens while a session is written, except reading the Safe's own
///      handler and guard slots before anything is stored.
abstract contract SessionAdmin is CallScope {
    /// @notice Longest list a single grant or update may carry (explicit bound, no unbounded loops).
    uint256 public constant MAX_LIST_LENGTH = 64;

    // Safe storage slots whose contracts a session may never call (Safe 1.3.0 – 1.5.0).
    bytes32 private constant GUARD_SLOT = 0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8;
    bytes32 private constant MODULE_GUARD_SLOT = 0xb104e0b93118902c651344349b610029d694cfdec91c589c91ebafbcd0289947;

    /// @notice Sets the caller Safe's guardian (zero clears it).
    /// @param guardian The account that may pause this Safe's sessions, strategies or the Safe.
    function setGuardian(address guardian) external {
        SafeState storage state = _safeStates[msg.sender];
        address previous = state.guardian;
        state.guardian = guardian;
        emit GuardianSet(msg.sender, previous, guardian);
    }

    /// @notice Grants a new session on the caller Safe.
    /// @dev The id hashes chain id, module, Safe and a nonce that only rises: a revoked session's
    ///      id, budget and lists can never come back. Limits are validated as in
    ///      `updateSessionLimits`, price band included (each bound at most 1e6 micro-pUSD/share);
    ///      `SessionGranted` carries the whole grant, band included.
    /// @param grant Key, limits and lists.
    /// @return sessionId The new session id.
    function grantSession(SessionGrant calldata grant) external returns (bytes32 sessionId) {
        address safe = msg.sender;
        if (grant.key == address(0)) revert InvalidScope(Status.ZeroSessionKey, bytes32(0));
        _validateLimits(grant.limits);
        _validateCalls(safe, grant.calls, grant.recipients.length != 0);
        _validateAddresses(safe, grant.spenders);
        _validateAddresses(safe, grant.recipients);
        if (grant.tokenIds.length > MAX_LIST_LENGTH) revert InvalidScope(Status.TooManyEntries, bytes32(grant.tokenIds.length));

        uint256 nonce = _grantNonces[safe]++;
        sessionId = _sessionIdFor(safe, nonce);
        _writeCalls(sessionId, grant.calls, true);
        _writeAddresses(_spenders[sessionId], grant.spenders, true);
        _writeAddresses(_recipients[sessionId], grant.recipients, true);
        _writeTokens(sessionId, grant.tokenIds, true);
        Session storage s = _sessions[safe][sessionId];
        _writeLimits(s, grant.limits, grant.limits.maxCalls);
        // The key is written last: until then the session does not exist for either check.
        s.key = grant.key;
        emit SessionGranted(safe, sessionId, grant.key, grant);
    }

    /// @notice Rewrites a live session's limits. Spent budget is kept: `callsLeft` becomes
    ///         `maxCalls - callsUsed` (zero if the new budget is already used up), and `callsUsed`
    ///         itself is never reset, so lowering then raising the budget gives nothing back.
    ///         The price band is validated like a grant's (`InvalidScope(MaxBuyPriceOutOfRange)`,
    ///         `InvalidScope(MinSellPriceOutOfRange)` above 1e6).
    /// @param sessionId The session.
    /// @param limits The new limits.
    function updateSessionLimits(bytes32 sessionId, SessionLimits calldata limits) external {
        Session storage s = _ownSession(sessionId);
        _validateLimits(limits);
        uint32 used = s.callsUsed;
        uint32 callsLeft = limits.maxCalls > used ? limits.maxCalls - used : 0;
        _writeLimits(s, limits, callsLeft);
        emit SessionLimitsUpdated(msg.sender, sessionId, limits, callsLeft);
    }

    /// @notice Allows or disallows `(target, selector)` pairs for a live session.
    /// @param sessionId The session.
    /// @param calls The pairs.
    /// @param allowed New state.
    function setSessionCalls(bytes32 sessionId, CallPermission[] calldata calls, bool allowed) external {
        _ownSession(sessionId);
        // Disallowing is always safe; allowing is validated like a grant. A transfer allowed here
        // still refuses every recipient until `setSessionAddresses` lists one.
        if (allowed) _validateCalls(msg.sender, calls, true);
        else if (calls.length > MAX_LIST_LENGTH) revert InvalidScope(Status.TooManyEntries, bytes32(calls.length));
        _writeCalls(sessionId, calls, allowed);
        emit SessionCallsSet(msg.sender, sessionId, calls, allowed);
    }

    /// @notice Adds or removes spenders or recipients of a live session.
    /// @param sessionId The session.
    /// @param list Which list.
    /// @param addrs The addresses.
    /// @param allowed New state.
    function setSessionAddresses(bytes32 sessionId, AddressList list, address[] calldata addrs, bool allowed)
        external
    {
        _ownSession(sessionId);
        _validateAddresses(msg.sender, addrs);
        _writeAddresses(list == AddressList.Spenders ? _spenders[sessionId] : _recipients[sessionId], addrs, allowed);
        emit SessionAddressesSet(msg.sender, sessionId, list, addrs, allowed);
    }

    /// @notice Adds or removes token ids of a live session's order allowlist.
    /// @param sessionId The session.
    /// @param tokenIds The token ids.
    /// @param allowed New state.
    function setSessionTokens(bytes32 sessionId, uint256[] calldata tokenIds, bool allowed) external {
        _ownSession(sessionId);
        if (tokenIds.length > MAX_LIST_LENGTH) revert InvalidScope(Status.TooManyEntries, bytes32(tokenIds.length));
        _writeTokens(sessionId, tokenIds, allowed);
        emit SessionTokensSet(msg.sender, sessionId, tokenIds, allowed);
    }

    /// @notice Revokes a session for good: every order it signed that is not yet matched stops
    ///         validating at once (except orders the exchange operator already preapproved).
    /// @param sessionId The session.
    function revokeSession(bytes32 sessionId) external {
        Session storage s = _ownSession(sessionId);
        s.flags |= FLAG_REVOKED;
        emit SessionRevoked(msg.sender, sessionId);
    }

    /// @notice Pauses one session. Callable by the Safe or its guardian; idempotent.
    /// @param safe The Safe.
    /// @param sessionId The session.
    function pauseSession(address safe, bytes32 sessionId) external {
        _onlySafeOrGuardian(safe);
        Session storage s = _sessions[safe][sessionId];
        if (s.key == address(0)) revert UnknownSession(safe, sessionId);
        s.flags |= FLAG_PAUSED;
        emit SessionPaused(safe, sessionId, msg.sender);
    }

    /// @notice Unpauses one session of the caller Safe (the guardian never can).
    /// @param sessionId The session.
    function unpauseSession(bytes32 sessionId) external {
        Session storage s = _ownSession(sessionId);
        s.flags &= ~FLAG_PAUSED;
        emit SessionUnpaused(msg.sender, sessionId);
    }

    /// @notice Pauses every session with this strategy index. Callable by the Safe or its guardian.
    /// @param safe The Safe.
    /// @param strategy The strategy index (0–63).
    function pauseStrategy(address safe, uint8 strategy) external {
        _onlySafeOrGuardian(safe);
        if (strategy >= MAX_STRATEGIES) revert InvalidScope(Status.StrategyOutOfRange, bytes32(uint256(strategy)));
        _safeStates[safe].pausedStrategies |= uint64(1) << strategy;
        emit StrategyPaused(safe, strategy, msg.sender);
    }

    /// @notice Unpauses a strategy of the caller Safe (the guardian never can).
    /// @param strategy The strategy index (0–63).
    function unpauseStrategy(uint8 strategy) external {
        if (strategy >= MAX_STRATEGIES) revert InvalidScope(Status.StrategyOutOfRange, bytes32(uint256(strategy)));
        _safeStates[msg.sender].pausedStrategies &= ~(uint64(1) << strategy);
        emit StrategyUnpaused(msg.sender, strategy);
    }

    function _onlySafeOrGuardian(address safe) internal view {
        if (msg.sender != safe && (msg.sender != _safeStates[safe].guardian || msg.sender == address(0))) {
            revert Unauthorized(safe, msg.sender);
        }
    }

    /// @dev The caller Safe's session, which must exist and not be revoked.
    function _ownSession(bytes32 sessionId) private view returns (Session storage s) {
        s = _sessions[msg.sender][sessionId];
        if (s.key == address(0)) revert UnknownSession(msg.sender, sessionId);
        if (s.flags & FLAG_REVOKED != 0) revert SessionIsRevoked(msg.sender, sessionId);
    }

    function _validateLimits(SessionLimits calldata limits) private view {
        if (limits.validUntil < block.timestamp) revert InvalidScope(Status.SessionExpired, bytes32(uint256(limits.validUntil)));
        if (limits.strategy >= MAX_STRATEGIES) {
            revert InvalidScope(Status.StrategyOutOfRange, bytes32(uint256(limits.strategy)));
        }
        if (uint256(limits.exchangeMask) >> _exchangeCountKnown() != 0) {
            revert InvalidScope(Status.UnknownExchange, bytes32(uint256(limits.exchangeMask)));
        }
        // Band bounds are micro-pUSD per share and a share pays at most 1 pUSD: a bound above 1e6
        // is a unit mistake (a price in another scale), which would silently lift the BUY ceiling
        // or forbid every SELL, so it is refused rather than stored.
        if (limits.maxBuyPriceMicroUsd > SHARE_FACE_VALUE_MICRO_USD) {
            revert InvalidScope(Status.MaxBuyPriceOutOfRange, bytes32(uint256(limits.maxBuyPriceMicroUsd)));
        }
        if (limits.minSellPriceMicroUsd > SHARE_FACE_VALUE_MICRO_USD) {
            revert InvalidScope(Status.MinSellPriceOutOfRange, bytes32(uint256(limits.minSellPriceMicroUsd)));
        }
    }

    function _validateCalls(address safe, CallPermission[] calldata calls, bool hasRecipients) private view {
        if (calls.length > MAX_LIST_LENGTH) revert InvalidScope(Status.TooManyEntries, bytes32(calls.length));
        if (calls.length == 0) return;
        (address handler, address guard, address moduleGuard) = _safeInfrastructure(safe);
        for (uint256 i; i < calls.length; ++i) {
            address target = calls[i].target;
            bytes4 selector = calls[i].selector;
            if (
                target == address(0) || target == safe || target == address(this) || target == handler
                    || target == guard || target == moduleGuard
            ) revert InvalidScope(Status.TargetForbidden, _word(target));
            if (!_isSupportedSelector(selector)) revert InvalidScope(Status.UnsupportedSelector, bytes32(selector));
            if (_isTransferSelector(selector) && !hasRecipients) {
                revert InvalidScope(Status.TransferWithoutRecipients, bytes32(selector));
            }
        }
    }

    function _validateAddresses(address safe, address[] calldata addrs) private view {
        if (addrs.length > MAX_LIST_LENGTH) revert InvalidScope(Status.TooManyEntries, bytes32(addrs.length));
        for (uint256 i; i < addrs.length; ++i) {
            address account = addrs[i];
            if (account == address(0) || account == safe || account == address(this)) {
                revert InvalidScope(Status.InvalidAddress, _word(account));
            }
        }
    }

    /// @dev The Safe's fallback handler, guard and module guard (zero where unset or unsupported).
    function _safeInfrastructure(address safe) private view returns (address handler, address guard, address moduleGuard) {
        handler = _readSafeSlot(safe, FALLBACK_HANDLER_SLOT);
        guard = _readSafeSlot(safe, GUARD_SLOT);
        moduleGuard = _readSafeSlot(safe, MODULE_GUARD_SLOT);
    }

    function _writeLimits(Session storage s, SessionLimits calldata limits, uint32 callsLeft) private {
        s.validUntil = limits.validUntil;
        s.maxOrderAgeSec = limits.maxOrderAgeSec;
        s.exchangeMask = limits.exchangeMask;
        s.strategy = limits.strategy;
        s.flags = limits.tokenAllowlist ? s.flags | FLAG_TOKEN_ALLOWLIST : s.flags & ~FLAG_TOKEN_ALLOWLIST;
        s.maxPerCallMicroUsd = limits.maxPerCallMicroUsd;
        s.minSellPriceMicroUsd = limits.minSellPriceMicroUsd;
        s.maxBuyPriceMicroUsd = limits.maxBuyPriceMicroUsd;
        s.callsLeft = callsLeft;
        s.maxCalls = limits.maxCalls;
        s.maxValuePerCallWei = limits.maxValuePerCallWei;
    }

    function _writeCalls(bytes32 sessionId, CallPermission[] calldata calls, bool allowed) private {
        for (uint256 i; i < calls.length; ++i) {
            _callAllowed[sessionId][calls[i].target][calls[i].selector] = allowed;
        }
    }

    function _writeAddresses(mapping(address => bool) storage list, address[] calldata addrs, bool allowed) private {
        for (uint256 i; i < addrs.length; ++i) {
            list[addrs[i]] = allowed;
        }
    }

    function _writeTokens(bytes32 sessionId, uint256[] calldata tokenIds, bool allowed) private {
        for (uint256 i; i < tokenIds.length; ++i) {
            _tokens[sessionId][tokenIds[i]] = allowed;
        }
    }
}
