// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ISafeSignatureVerifier
/// @notice Domain verifier interface of Safe's `ExtensibleFallbackHandler` (`SignatureVerifierMuxer`).
/// @dev The Safe type of the original is an address in the ABI, so the selector is the same.
interface ISafeSignatureVerifier {
    /// @notice Called by the muxer once it has checked
    ///         `hash == keccak256(0x1901 ‖ domainSeparator ‖ keccak256(typeHash ‖ encodeData))`.
    /// @param safe The Safe whose `isValidSignature` was called.
    /// @param sender The original caller of the Safe's `isValidSignature` (the exchange).
    /// @param hash The EIP-712 digest being verified.
    /// @param domainSeparator The EIP-712 domain separator.
    /// @param typeHash The EIP-712 type hash of the primary type.
    /// @param encodeData The EIP-712 encoded struct data (without the type hash).
    /// @param payload Verifier-specific signature payload.
    /// @return magic `0x1626ba7e` if the signature is valid, anything else otherwise.
    function isValidSafeSignature(
        address safe,
        address sender,
        bytes32 hash,
        bytes32 domainSeparator,
        bytes32 typeHash,
        bytes calldata encodeData,
        bytes calldata payload
    ) external view returns (bytes4 magic);
}
