// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title TestCallTarget
/// @notice TEST ONLY. Accepts every catalogue selector the module supports besides ERC-20 ones
///         (ConditionalTokens, ramps, NegRisk adapter, ERC-1155) and records who called it, in its
///         own storage: a DELEGATECALL from the Safe would write the Safe's storage instead.
contract TestCallTarget {
    /// @notice Last caller seen by this contract's own storage.
    address public lastCaller;
    /// @notice Last selector seen.
    bytes4 public lastSelector;
    /// @notice Calls seen.
    uint256 public calls;

    /// @notice Any call lands here.
    fallback() external payable {
        lastCaller = msg.sender;
        lastSelector = msg.sig;
        ++calls;
    }

    /// @notice Accepts plain value.
    receive() external payable {
        lastCaller = msg.sender;
        ++calls;
    }
}
