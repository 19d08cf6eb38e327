// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title TestSafeStub
/// @notice TEST ONLY. The two Safe functions the module calls, for Solidity invariant runs where
///         deploying real Safe proxies is not practical: `execTransactionFromModuleReturnData`
///         (CALL only, from the enabled module) and `getStorageAt` (no handler or guard set).
///         `run` lets the test act as the Safe's owners (the Safe calling the module itself).
contract TestSafeStub {
    /// @notice The enabled module.
    address public immutable module;
    /// @notice The account allowed to make the Safe call out (stands in for the owners).
    address public immutable owner;
    /// @notice Set if the module ever asked for anything but a CALL.
    bool public sawDelegateCall;

    /// @notice Not the module / not the owner.
    error NotAllowed();

    /// @param module_ The enabled module.
    constructor(address module_) {
        module = module_;
        owner = msg.sender;
    }

    /// @notice Module execution, as Safe's `ModuleManager`.
    /// @param to Target.
    /// @param value Wei.
    /// @param data Calldata.
    /// @param operation 0 = CALL (anything else is recorded and refused).
    /// @return success Call outcome.
    /// @return returnData Call return data.
    function execTransactionFromModuleReturnData(address to, uint256 value, bytes calldata data, uint8 operation)
        external
        returns (bool success, bytes memory returnData)
    {
        if (msg.sender != module) revert NotAllowed();
        if (operation != 0) {
            sawDelegateCall = true;
            return (false, "");
        }
        (success, returnData) = to.call{value: value}(data);
    }

    /// @notice As Safe's `StorageAccessible`: nothing is set in this stub.
    /// @param length Number of words.
    /// @return Zero words.
    function getStorageAt(uint256, uint256 length) external pure returns (bytes memory) {
        return new bytes(length * 32);
    }

    /// @notice The Safe calls out (owner-approved transaction).
    /// @param to Target.
    /// @param data Calldata.
    /// @return ok Whether the call succeeded.
    function run(address to, bytes calldata data) external returns (bool ok) {
        if (msg.sender != owner) revert NotAllowed();
        (ok,) = to.call(data);
    }

    /// @notice Accepts value.
    receive() external payable {}
}
