// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ISafe
/// @notice The part of a Safe (1.3.0 – 1.5.0) the Warden module uses.
interface ISafe {
    /// @notice Executes a call from an enabled module; reverts if the caller is not an enabled module.
    /// @param to Target of the call.
    /// @param value Wei sent with the call.
    /// @param data Calldata.
    /// @param operation 0 = CALL, 1 = DELEGATECALL (the module only ever passes 0).
    /// @return success Whether the call succeeded.
    /// @return returnData What the call returned or reverted with.
    function execTransactionFromModuleReturnData(address to, uint256 value, bytes calldata data, uint8 operation)
        external
        returns (bool success, bytes memory returnData);

    /// @notice Reads `length` words of the Safe's storage from `offset` (StorageAccessible).
    /// @param offset First slot.
    /// @param length Number of slots.
    /// @return The raw words, concatenated.
    function getStorageAt(uint256 offset, uint256 length) external view returns (bytes memory);
}
