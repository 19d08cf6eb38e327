// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title TestMinimalVerifier
/// @notice TEST ONLY. The gas baseline for the order path: a Safe domain verifier that only
///         recovers one ECDSA signature (`r ‖ s ‖ v` payload) and compares it with a fixed signer,
///         with no scope check at all.
contract TestMinimalVerifier {
    /// @notice The only accepted signer.
    address public immutable signer;

    /// @param signer_ The only accepted signer.
    constructor(address signer_) {
        signer = signer_;
    }

    /// @notice Same interface as the Warden module's domain verifier entry.
    /// @param hash The digest.
    /// @param payload `r ‖ s ‖ v`.
    /// @return magic `0x1626ba7e` if `payload` is `signer`'s signature of `hash`.
    function isValidSafeSignature(address, address, bytes32 hash, bytes32, bytes32, bytes calldata, bytes calldata payload)
        external
        view
        returns (bytes4 magic)
    {
        address recovered =
            ecrecover(hash, uint8(payload[64]), bytes32(payload[0:32]), bytes32(payload[32:64]));
        return recovered == signer && recovered != address(0) ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
    }
}
