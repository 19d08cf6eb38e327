// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title TestRecordingMaker
/// @notice TEST ONLY. A POLY_1271 maker that judges the exact bytes it is called with: its fallback
///         (which serves `isValidSignature`, reached through a staticcall, so it cannot store what it
///         sees) gives back `answer` raw when keccak256(msg.data) equals `expectedCalldataHash` (or
///         when that is zero), else one zero word; with `revertAll` it reverts. A test sets the bytes
///         it expects and learns from the exchange's verdict whether they were the ones sent.
contract TestRecordingMaker {
    /// @notice keccak256 of the calldata accepted (0 = any calldata).
    bytes32 public expectedCalldataHash;
    /// @notice The raw bytes returned for accepted calldata.
    bytes public answer;
    /// @notice Whether every call reverts.
    bool public revertAll;

    /// @notice Sets what is accepted and what is answered.
    /// @param calldataHash keccak256 of the accepted calldata (0 = any).
    /// @param raw The raw return data for accepted calldata.
    /// @param reverts Whether every call reverts instead.
    function configure(bytes32 calldataHash, bytes calldata raw, bool reverts) external {
        expectedCalldataHash = calldataHash;
        answer = raw;
        revertAll = reverts;
    }

    fallback(bytes calldata data) external returns (bytes memory) {
        if (revertAll) revert();
        bytes32 expected = expectedCalldataHash;
        if (expected == bytes32(0) || keccak256(data) == expected) return answer;
        return new bytes(32);
    }
}
