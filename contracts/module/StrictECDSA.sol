// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title StrictECDSA
/// @notice Recovers the signer of a 65-byte `r ‖ s ‖ v` signature, refusing every non-canonical form.
library StrictECDSA {
    /// @dev secp256k1n / 2: a larger `s` is the malleable twin of a valid signature (EIP-2).
    uint256 private constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    /// @notice Recovers the signer of `digest` from `r`, `s`, `v`.
    /// @dev Returns address(0) for r = 0, s = 0, high s, v ∉ {27, 28} or a failed recovery, so the
    ///      caller compares against a non-zero key and never accepts a recovered zero address.
    /// @param digest The signed 32-byte digest.
    /// @param r Signature r.
    /// @param s Signature s.
    /// @param v Signature v (27 or 28).
    /// @return signer The signer, or address(0).
    function recover(bytes32 digest, bytes32 r, bytes32 s, uint8 v) internal pure returns (address signer) {
        if (r == 0 || s == 0 || uint256(s) > HALF_ORDER || (v != 27 && v != 28)) return address(0);
        return ecrecover(digest, v, r, s);
    }
}
