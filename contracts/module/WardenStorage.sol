// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {KnownExchanges} from "./KnownExchanges.sol";
import {ISafe} from "../interfaces/ISafe.sol";
import {SessionLimits, Status} from "../interfaces/IWardenModule.sol";

/// @title WardenStorage
/// @notice Storage of the Warden module, keyed by the Safe: one deployment serves every Safe, and
///         only a Safe writes its own entries (`msg.sender` is the key).
/// @dev Slot layout is chosen for the order path, which reads exactly three cold slots (session
///      word 0, session word 1, Safe state) plus one more when a token allowlist is on. Word 1
///      holds everything an order needs beyond word 0 (cap and price band); word 2 holds what only
///      a call that sends value reads.
abstract contract WardenStorage is KnownExchanges {
    /// @notice Session flag: revoked for good.
    uint8 internal constant FLAG_REVOKED = 1;
    /// @notice Session flag: paused (by the guardian or the Safe).
    uint8 internal constant FLAG_PAUSED = 2;
    /// @notice Session flag: orders must name a token id from the allowlist.
    uint8 internal constant FLAG_TOKEN_ALLOWLIST = 4;
    /// @notice Safe storage slot of the fallback handler (Safe 1.3.0 – 1.5.0).
    bytes32 internal constant FALLBACK_HANDLER_SLOT = 0x6c9a6c4a39284e37ed1cf53d337577d14212a4870fb976a4366c693b939918d5;
    /// @notice Strategy indices must be below this (one bit each in `SafeState.pausedStrategies`).
    uint8 internal constant MAX_STRATEGIES = 64;

    /// @dev Three words. Word 0 is what every check reads first; word 1 the cap, the price band
    ///      and the call budget; word 2 is read only by a call with a non-zero value.
    struct Session {
        // word 0 (256 bits)
        address key;
        uint40 validUntil;
        uint32 maxOrderAgeSec;
        uint8 exchangeMask;
        uint8 strategy;
        uint8 flags;
        // word 1 (224 bits)
        uint64 maxPerCallMicroUsd;
        uint32 minSellPriceMicroUsd;
        uint32 maxBuyPriceMicroUsd;
        uint32 callsLeft;
        uint32 callsUsed;
        uint32 maxCalls;
        // word 2 (96 bits)
        uint96 maxValuePerCallWei;
    }

    /// @dev One word per Safe.
    struct SafeState {
        address guardian;
        bool paused;
        uint64 pausedStrategies;
    }

    mapping(address safe => SafeState) internal _safeStates;
    /// @dev Only rises; a session id hashes it, so ids are never reused.
    mapping(address safe => uint256) internal _grantNonces;
    mapping(address safe => mapping(bytes32 sessionId => Session)) internal _sessions;
    mapping(bytes32 sessionId => mapping(address target => mapping(bytes4 selector => bool))) internal _callAllowed;
    mapping(bytes32 sessionId => mapping(address spender => bool)) internal _spenders;
    mapping(bytes32 sessionId => mapping(address recipient => bool)) internal _recipients;
    mapping(bytes32 sessionId => mapping(uint256 tokenId => bool)) internal _tokens;

    /// @notice A session's stored state.
    /// @param safe The Safe.
    /// @param sessionId The session.
    /// @return key Session key (zero if unknown).
    /// @return limits Current limits, price band included.
    /// @return callsLeft Call budget left.
    /// @return revoked Whether revoked.
    /// @return paused Whether paused at session level.
    /// @return callsUsed Calls executed so far (never reset, also across limit updates).
    function getSession(address safe, bytes32 sessionId)
        external
        view
        returns (address key, SessionLimits memory limits, uint32 callsLeft, bool revoked, bool paused, uint32 callsUsed)
    {
        Session memory s = _sessions[safe][sessionId];
        limits = SessionLimits({
            validUntil: s.validUntil,
            maxOrderAgeSec: s.maxOrderAgeSec,
            maxPerCallMicroUsd: s.maxPerCallMicroUsd,
            minSellPriceMicroUsd: s.minSellPriceMicroUsd,
            maxBuyPriceMicroUsd: s.maxBuyPriceMicroUsd,
            maxCalls: s.maxCalls,
            maxValuePerCallWei: s.maxValuePerCallWei,
            exchangeMask: s.exchangeMask,
            strategy: s.strategy,
            tokenAllowlist: s.flags & FLAG_TOKEN_ALLOWLIST != 0
        });
        return (s.key, limits, s.callsLeft, s.flags & FLAG_REVOKED != 0, s.flags & FLAG_PAUSED != 0, s.callsUsed);
    }

    /// @notice A Safe's guardian and pause state.
    /// @param safe The Safe.
    /// @return guardian The guardian (zero = none).
    /// @return paused Whether the whole Safe is paused.
    /// @return pausedStrategies Bit i set = strategy i paused.
    function getSafeState(address safe) external view returns (address guardian, bool paused, uint64 pausedStrategies) {
        SafeState memory state = _safeStates[safe];
        return (state.guardian, state.paused, state.pausedStrategies);
    }

    /// @notice How many sessions the Safe has granted (the next session id hashes this).
    /// @param safe The Safe.
    /// @return The grant nonce.
    function grantNonce(address safe) external view returns (uint256) {
        return _grantNonces[safe];
    }

    /// @notice Whether a session may call `selector` on `target`.
    /// @param sessionId The session.
    /// @param target The target.
    /// @param selector The selector.
    /// @return Whether the pair is allowed.
    function isCallAllowed(bytes32 sessionId, address target, bytes4 selector) external view returns (bool) {
        return _callAllowed[sessionId][target][selector];
    }

    /// @notice Whether an address is in a session's spender list.
    /// @param sessionId The session.
    /// @param spender The address.
    /// @return Whether listed.
    function isSpender(bytes32 sessionId, address spender) external view returns (bool) {
        return _spenders[sessionId][spender];
    }

    /// @notice Whether an address is in a session's recipient list.
    /// @param sessionId The session.
    /// @param recipient The address.
    /// @return Whether listed.
    function isRecipient(bytes32 sessionId, address recipient) external view returns (bool) {
        return _recipients[sessionId][recipient];
    }

    /// @notice Whether a token id is in a session's token allowlist.
    /// @param sessionId The session.
    /// @param tokenId The token id.
    /// @return Whether listed.
    function isTokenAllowed(bytes32 sessionId, uint256 tokenId) external view returns (bool) {
        return _tokens[sessionId][tokenId];
    }

    /// @notice The session id the Safe's next grant will get on this chain and module.
    /// @param safe The Safe.
    /// @return The session id.
    function nextSessionId(address safe) external view returns (bytes32) {
        return _sessionIdFor(safe, _grantNonces[safe]);
    }

    function _sessionIdFor(address safe, uint256 nonce) internal view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), safe, nonce));
    }

    /// @dev One word of a Safe's storage as an address; zero when `safe` has no `getStorageAt`
    ///      (not a Safe: its grants only ever apply to its own entries, which no Safe reads).
    function _readSafeSlot(address safe, bytes32 slot) internal view returns (address) {
        (bool ok, bytes memory ret) = safe.staticcall(abi.encodeCall(ISafe.getStorageAt, (uint256(slot), 1)));
        if (!ok || ret.length != 96) return address(0);
        (bytes memory word) = abi.decode(ret, (bytes));
        return address(uint160(uint256(bytes32(word))));
    }

    /// @dev Session-state rules shared by orders and calls. Reads the Safe's state word.
    function _checkLive(address safe, Session storage s) internal view returns (Status, bytes32) {
        if (s.key == address(0)) return (Status.UnknownSession, bytes32(0));
        uint8 flags = s.flags;
        if (flags & FLAG_REVOKED != 0) return (Status.SessionRevoked, bytes32(0));
        if (flags & FLAG_PAUSED != 0) return (Status.SessionPaused, bytes32(0));
        SafeState storage state = _safeStates[safe];
        if (state.paused) return (Status.SafePaused, bytes32(0));
        uint8 strategy = s.strategy;
        if ((state.pausedStrategies >> strategy) & 1 == 1) return (Status.StrategyPaused, bytes32(uint256(strategy)));
        uint40 validUntil = s.validUntil;
        if (block.timestamp > validUntil) return (Status.SessionExpired, bytes32(uint256(validUntil)));
        return (Status.Ok, bytes32(0));
    }
}
