// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title WardenVersion
/// @notice Placeholder so the offline Hardhat toolchain is exercised until the Safe module lands.
contract WardenVersion {
    /// @notice Semantic version of the Warden contracts package.
    string public constant VERSION = "0.1.0";
}
