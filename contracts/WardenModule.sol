// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SessionAdmin} from "./module/SessionAdmin.sol";
import {KnownExchanges} from "./module/KnownExchanges.sol";
import {ISafe} from "./interfaces/ISafe.sol";
import {ISafeSignatureVerifier} from "./interfaces/ISafeSignatureVerifier.sol";
import {Status} from "./interfaces/IWardenModule.sol";

/// @title WardenModule
/// @notice Safe module that holds per-session scope for Polymarket CLOB V2 trading and enforces it:
///         (1) as the Safe's EIP-1271 domain verifier for the exchange domains (through Safe's
///         `ExtensibleFallbackHandler`), it accepts an order signed by a session key only if the order
///         is in scope (the value it gives within the cap, its price inside the session's band)
///         and its signature is bound to that session; (2) session keys execute allowed calls
///         through the Safe, CALL only; (3) the guardian can pause a session, a strategy or the whole Safe, and the Safe-wide
///         pause can also call `pauseUser()` on every known exchange.
/// @dev One deployment serves every Safe; storage is keyed by the Safe. Checks, then the budget is
///      reserved, then the Safe executes; a failed call reverts everything, reservation included.
contract WardenModule is SessionAdmin, ISafeSignatureVerifier {
    /// @notice Semantic version of the module.
    string public constant VERSION = "0.1.0";
    /// @notice EIP-1271 magic value.
    bytes4 internal constant MAGIC_VALUE = 0x1626ba7e;
    /// @notice Returned for every refused signature.
    bytes4 internal constant INVALID_SIGNATURE = 0xffffffff;
    /// @notice Safe `Enum.Operation.Call`: the only operation this module ever asks for.
    uint8 internal constant OPERATION_CALL = 0;

    /// @param exchanges Known exchange addresses, at most four (bit i of a session mask = entry i).
    /// @param versions Their EIP-712 domain versions.
    constructor(address[] memory exchanges, string[] memory versions) KnownExchanges(exchanges, versions) {}

    /// @inheritdoc ISafeSignatureVerifier
    /// @dev Returns the magic value only for an in-scope order whose session-bound digest was
    ///      signed by that live session's key; `checkOrder` returns the reason for anything else.
    function isValidSafeSignature(
        address safe,
        address sender,
        bytes32 hash,
        bytes32 domainSeparator,
        bytes32 typeHash,
        bytes calldata encodeData,
        bytes calldata payload
    ) external view returns (bytes4 magic) {
        (, Status status,) = _checkOrder(safe, sender, hash, domainSeparator, typeHash, encodeData, payload);
        return status == Status.Ok ? MAGIC_VALUE : INVALID_SIGNATURE;
    }

    /// @notice Explains `isValidSafeSignature`: the same checks, with the refusing rule.
    /// @param safe The Safe.
    /// @param sender The caller of the Safe's `isValidSignature` (the exchange).
    /// @param hash The order digest.
    /// @param domainSeparator The exchange domain separator.
    /// @param typeHash The type hash (must be the V2 order type hash).
    /// @param encodeData The 11 encoded order words.
    /// @param payload `sessionId ‖ r ‖ s ‖ v` (97 bytes); `(r, s, v)` is the session key's signature
    ///        of `sessionOrderDigest(sessionId, hash)`, never of `hash` alone.
    /// @return sessionId The session named by the payload (zero if the payload is malformed).
    /// @return status `Ok` or the refusing rule.
    /// @return info The offending value.
    function checkOrder(
        address safe,
        address sender,
        bytes32 hash,
        bytes32 domainSeparator,
        bytes32 typeHash,
        bytes calldata encodeData,
        bytes calldata payload
    ) external view returns (bytes32 sessionId, Status status, bytes32 info) {
        return _checkOrder(safe, sender, hash, domainSeparator, typeHash, encodeData, payload);
    }

    /// @notice Whether `caller` could execute this call now, and if not, why.
    /// @param safe The Safe.
    /// @param sessionId The session.
    /// @param caller The would-be caller (the session key).
    /// @param target The target.
    /// @param value Wei to send.
    /// @param data Calldata.
    /// @return status `Ok` or the refusing rule.
    /// @return info The offending value.
    function checkCall(
        address safe,
        bytes32 sessionId,
        address caller,
        address target,
        uint256 value,
        bytes calldata data
    ) external view returns (Status status, bytes32 info) {
        return _checkCall(safe, sessionId, caller, target, value, data);
    }

    /// @notice Executes an in-scope call from the Safe, as the session key. Always a CALL: this
    ///         module has no code path that asks the Safe for a DELEGATECALL.
    /// @dev Reverts with `ScopeViolation(sessionId, status, info)` when out of scope and with
    ///      `CallFailed` when the target reverts (the reserved budget is then restored by the revert).
    /// @param safe The Safe.
    /// @param sessionId The session.
    /// @param target The target.
    /// @param value Wei to send from the Safe.
    /// @param data Calldata.
    /// @return result What the target returned.
    function execute(address safe, bytes32 sessionId, address target, uint256 value, bytes calldata data)
        external
        returns (bytes memory result)
    {
        (Status status, bytes32 info) = _checkCall(safe, sessionId, msg.sender, target, value, data);
        if (status != Status.Ok) revert ScopeViolation(sessionId, status, info);
        Session storage s = _sessions[safe][sessionId];
        uint32 callsLeft = s.callsLeft - 1;
        s.callsLeft = callsLeft;
        s.callsUsed += 1;
        bool success;
        (success, result) = ISafe(safe).execTransactionFromModuleReturnData(target, value, data, OPERATION_CALL);
        if (!success) revert CallFailed(sessionId, result);
        emit SessionCallExecuted(safe, sessionId, target, bytes4(data[0:4]), value, callsLeft);
    }

    /// @notice Pauses every session of the Safe. Callable by the Safe or its guardian; idempotent.
    /// @param safe The Safe.
    /// @param onExchanges Also call `pauseUser()` from the Safe on every known exchange, so even
    ///        orders the operator preapproved stop matching once the exchange's pause interval passes.
    function pauseSafe(address safe, bool onExchanges) external {
        _onlySafeOrGuardian(safe);
        _safeStates[safe].paused = true;
        emit SafePaused(safe, msg.sender, onExchanges);
        if (onExchanges) _callExchanges(safe, PAUSE_USER);
    }

    /// @notice Lifts the caller Safe's Safe-wide pause (the guardian never can).
    /// @param onExchanges Also call `unpauseUser()` from the Safe on every known exchange.
    function unpauseSafe(bool onExchanges) external {
        _safeStates[msg.sender].paused = false;
        emit SafeUnpaused(msg.sender, onExchanges);
        if (onExchanges) _callExchanges(msg.sender, UNPAUSE_USER);
    }

    /// @dev At most four calls. A failing exchange (already paused, module not enabled) must not
    ///      block the pause itself, so each outcome is reported and none reverts.
    function _callExchanges(address safe, bytes4 selector) private {
        // An account without code (not a Safe) has nothing to pause on the exchanges.
        if (safe.code.length == 0) return;
        uint256 count = _exchangeCountKnown();
        for (uint256 i; i < count; ++i) {
            address exchange = _exchangeAt(i);
            bool success;
            if (exchange.code.length != 0) {
                try ISafe(safe).execTransactionFromModuleReturnData(
                    exchange, 0, abi.encodeWithSelector(selector), OPERATION_CALL
                ) returns (bool ok, bytes memory) {
                    success = ok;
                } catch {}
            }
            emit ExchangeUserPauseCalled(safe, exchange, selector == PAUSE_USER, success);
        }
    }
}
