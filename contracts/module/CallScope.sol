// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OrderScope} from "./OrderScope.sol";
import {Status} from "../interfaces/IWardenModule.sol";

/// @title CallScope
/// @notice Checks a session call against its scope. Only a fixed catalogue of selectors is
///         supported, each with a strict decoder: exact calldata length, no trailing bytes,
///         canonical address and bool words, array offsets where the standard encoder puts them.
abstract contract CallScope is OrderScope {
    // The catalogue (selectors verified against their signatures in the TypeScript tests).
    bytes4 internal constant APPROVE = 0x095ea7b3; // approve(address,uint256)
    bytes4 internal constant SET_APPROVAL_FOR_ALL = 0xa22cb465; // setApprovalForAll(address,bool)
    bytes4 internal constant WRAP = 0x62355638; // wrap(address,address,uint256)
    bytes4 internal constant UNWRAP = 0x8cc7104f; // unwrap(address,address,uint256)
    bytes4 internal constant SPLIT_POSITION = 0x72ce4275; // splitPosition(address,bytes32,bytes32,uint256[],uint256)
    bytes4 internal constant MERGE_POSITIONS = 0x9e7212ad; // mergePositions(address,bytes32,bytes32,uint256[],uint256)
    bytes4 internal constant REDEEM_POSITIONS = 0x01b7037c; // redeemPositions(address,bytes32,bytes32,uint256[])
    bytes4 internal constant NEG_RISK_REDEEM_POSITIONS = 0xdbeccb23; // redeemPositions(bytes32,uint256[])
    bytes4 internal constant PAUSE_USER = 0xc0c3132c; // pauseUser()
    bytes4 internal constant UNPAUSE_USER = 0x4cce30c9; // unpauseUser()
    bytes4 internal constant TRANSFER = 0xa9059cbb; // transfer(address,uint256)
    bytes4 internal constant TRANSFER_FROM = 0x23b872dd; // transferFrom(address,address,uint256)
    bytes4 internal constant ERC1155_SAFE_TRANSFER_FROM = 0xf242432a; // safeTransferFrom(address,address,uint256,uint256,bytes)

    /// @notice Longest `uint256[]` argument accepted (partitions, index sets, amounts).
    uint256 internal constant MAX_ARRAY_LENGTH = 256;

    /// @dev Whether the selector is in the catalogue.
    function _isSupportedSelector(bytes4 selector) internal pure returns (bool) {
        return selector == APPROVE || selector == SET_APPROVAL_FOR_ALL || selector == WRAP || selector == UNWRAP
            || selector == SPLIT_POSITION || selector == MERGE_POSITIONS || selector == REDEEM_POSITIONS
            || selector == NEG_RISK_REDEEM_POSITIONS || selector == PAUSE_USER || selector == UNPAUSE_USER
            || _isTransferSelector(selector);
    }

    /// @dev Selectors that move funds out of the Safe: granted only with a recipient allowlist.
    function _isTransferSelector(bytes4 selector) internal pure returns (bool) {
        return selector == TRANSFER || selector == TRANSFER_FROM || selector == ERC1155_SAFE_TRANSFER_FROM;
    }

    /// @dev Every rule of the call scope. Reads session words 0–1, the Safe state word and the
    ///      permission slot, and session word 2 only for a call that sends value; never writes.
    function _checkCall(
        address safe,
        bytes32 sessionId,
        address caller,
        address target,
        uint256 value,
        bytes calldata data
    ) internal view returns (Status, bytes32) {
        Session storage s = _sessions[safe][sessionId];
        (Status status, bytes32 info) = _checkLive(safe, s);
        if (status != Status.Ok) return (status, info);
        if (caller != s.key) return (Status.WrongSessionKey, _word(caller));
        // A session may never reach the Safe or this module (to grant itself more).
        if (target == safe || target == address(this)) return (Status.TargetForbidden, _word(target));
        if (data.length < 4) return (Status.MalformedCalldata, bytes32(data.length));
        bytes4 selector = bytes4(data[0:4]);
        if (!_callAllowed[sessionId][target][selector]) {
            return (Status.CallNotAllowed, bytes32(uint256(uint160(target)) << 32 | uint256(uint32(selector))));
        }
        // Zero value is always within the limit, so only a call sending value reads word 2.
        if (value != 0 && value > s.maxValuePerCallWei) return (Status.ValueNotAllowed, bytes32(value));
        if (s.callsLeft == 0) return (Status.CallBudgetExhausted, bytes32(uint256(s.maxCalls)));
        // Read at call time: the Safe may have changed its handler since the grant, and a call
        // from the Safe to its own handler passes the handler's `onlySelf` check.
        if (target == _readSafeSlot(safe, FALLBACK_HANDLER_SLOT)) return (Status.TargetForbidden, _word(target));
        return _checkArguments(safe, sessionId, s.maxPerCallMicroUsd, s.exchangeMask, selector, data);
    }

    function _checkArguments(
        address safe,
        bytes32 sessionId,
        uint256 cap,
        uint8 exchangeMask,
        bytes4 selector,
        bytes calldata data
    ) private view returns (Status, bytes32) {
        if (selector == APPROVE) {
            if (data.length != 68) return (Status.MalformedCalldata, bytes32(data.length));
            (bool ok, address spender) = _address(data, 0);
            if (!ok) return (Status.MalformedCalldata, _arg(data, 0));
            if (!_isSpender(sessionId, exchangeMask, spender)) return (Status.SpenderNotAllowed, _word(spender));
            return _withinCap(_arg(data, 1), cap);
        }
        if (selector == SET_APPROVAL_FOR_ALL) {
            if (data.length != 68) return (Status.MalformedCalldata, bytes32(data.length));
            (bool ok, address operator) = _address(data, 0);
            if (!ok) return (Status.MalformedCalldata, _arg(data, 0));
            uint256 approved = uint256(_arg(data, 1));
            if (approved > 1) return (Status.MalformedCalldata, bytes32(approved));
            if (!_isSpender(sessionId, exchangeMask, operator)) return (Status.SpenderNotAllowed, _word(operator));
            return (Status.Ok, bytes32(0));
        }
        if (selector == WRAP || selector == UNWRAP) {
            // (asset, to, amount): the proceeds must come back to the Safe.
            if (data.length != 100) return (Status.MalformedCalldata, bytes32(data.length));
            (bool okAsset,) = _address(data, 0);
            (bool okTo, address to) = _address(data, 1);
            if (!okAsset || !okTo) return (Status.MalformedCalldata, bytes32(0));
            if (to != safe) return (Status.WrongBeneficiary, _word(to));
            return _withinCap(_arg(data, 2), cap);
        }
        if (selector == SPLIT_POSITION || selector == MERGE_POSITIONS) {
            // (collateral, parentCollectionId, conditionId, uint256[] partition, amount)
            // Length first: the other words are read only once they are known to exist.
            if (!_isStrictArrayTail(data, 5, 3)) return (Status.MalformedCalldata, bytes32(data.length));
            (bool okCollateral,) = _address(data, 0);
            if (!okCollateral) return (Status.MalformedCalldata, _arg(data, 0));
            return _withinCap(_arg(data, 4), cap);
        }
        if (selector == REDEEM_POSITIONS) {
            // (collateral, parentCollectionId, conditionId, uint256[] indexSets): pays the Safe.
            if (!_isStrictArrayTail(data, 4, 3)) return (Status.MalformedCalldata, bytes32(data.length));
            (bool okCollateral,) = _address(data, 0);
            if (!okCollateral) return (Status.MalformedCalldata, _arg(data, 0));
            return (Status.Ok, bytes32(0));
        }
        if (selector == NEG_RISK_REDEEM_POSITIONS) {
            // (conditionId, uint256[] amounts): pays the Safe.
            if (!_isStrictArrayTail(data, 2, 1)) return (Status.MalformedCalldata, bytes32(data.length));
            return (Status.Ok, bytes32(0));
        }
        if (selector == PAUSE_USER || selector == UNPAUSE_USER) {
            if (data.length != 4) return (Status.MalformedCalldata, bytes32(data.length));
            return (Status.Ok, bytes32(0));
        }
        if (selector == TRANSFER) {
            if (data.length != 68) return (Status.MalformedCalldata, bytes32(data.length));
            (bool ok, address to) = _address(data, 0);
            if (!ok) return (Status.MalformedCalldata, _arg(data, 0));
            if (!_recipients[sessionId][to]) return (Status.RecipientNotAllowed, _word(to));
            return _withinCap(_arg(data, 1), cap);
        }
        if (selector == TRANSFER_FROM || selector == ERC1155_SAFE_TRANSFER_FROM) {
            // (from, to, amount), or ERC-1155 (from, to, id, amount, bytes data) with `data` empty,
            // so both lengths are exact.
            bool erc1155 = selector == ERC1155_SAFE_TRANSFER_FROM;
            bool exact = erc1155
                ? data.length == 196 && uint256(_arg(data, 4)) == 0xa0 && uint256(_arg(data, 5)) == 0
                : data.length == 100;
            if (!exact) return (Status.MalformedCalldata, bytes32(data.length));
            (bool okFrom, address from) = _address(data, 0);
            (bool okTo, address to) = _address(data, 1);
            if (!okFrom || !okTo) return (Status.MalformedCalldata, bytes32(0));
            if (from != safe) return (Status.WrongBeneficiary, _word(from));
            if (!_recipients[sessionId][to]) return (Status.RecipientNotAllowed, _word(to));
            return _withinCap(_arg(data, erc1155 ? 3 : 2), cap);
        }
        // Unreachable for granted pairs (grants refuse unsupported selectors); deny by default.
        return (Status.UnsupportedSelector, bytes32(selector));
    }

    /// @dev A spender or operator is allowed if it is an allowed exchange of the session or listed.
    function _isSpender(bytes32 sessionId, uint8 exchangeMask, address account) private view returns (bool) {
        return _isAllowedExchange(account, exchangeMask) || _spenders[sessionId][account];
    }

    function _withinCap(bytes32 amount, uint256 cap) private pure returns (Status, bytes32) {
        if (uint256(amount) > cap) return (Status.SizeCapExceeded, amount);
        return (Status.Ok, bytes32(0));
    }

    /// @dev Argument word `index` (after the selector). Callers check the length first.
    function _arg(bytes calldata data, uint256 index) private pure returns (bytes32) {
        return bytes32(data[4 + 32 * index:36 + 32 * index]);
    }

    /// @dev Argument word `index` as an address; not ok if its upper 96 bits are dirty.
    function _address(bytes calldata data, uint256 index) private pure returns (bool ok, address account) {
        uint256 word = uint256(_arg(data, index));
        return (word >> 160 == 0, address(uint160(word)));
    }

    /// @dev Exactly `headWords` head words, the single `uint256[]` argument at head position
    ///      `arrayArg` pointing right after the head, a bounded length, and nothing after the array.
    function _isStrictArrayTail(bytes calldata data, uint256 headWords, uint256 arrayArg) private pure returns (bool) {
        uint256 headEnd = 4 + 32 * headWords;
        if (data.length < headEnd + 32) return false;
        if (uint256(_arg(data, arrayArg)) != 32 * headWords) return false;
        uint256 length = uint256(bytes32(data[headEnd:headEnd + 32]));
        return length <= MAX_ARRAY_LENGTH && data.length == headEnd + 32 + 32 * length;
    }
}
