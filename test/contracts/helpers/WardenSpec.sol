// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The order rules of the Warden module written from their spec (docs/module.md), for the
///         fuzz and invariant tests to judge the module against: never read from the module.
library WardenSpec {
    bytes32 internal constant SESSION_ORDER_TYPEHASH = keccak256("SessionOrder(bytes32 sessionId,bytes32 orderHash)");

    /// @notice EIP-712 `SessionOrder(sessionId, orderHash)` under {name "Warden", version "1",
    ///         chainId, module}: what a session key signs for an order.
    function sessionDigest(address module, bytes32 sessionId, bytes32 orderHash) internal view returns (bytes32) {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Warden"),
                keccak256("1"),
                block.chainid,
                module
            )
        );
        return keccak256(abi.encodePacked(hex"1901", domain, keccak256(abi.encode(SESSION_ORDER_TYPEHASH, sessionId, orderHash))));
    }

    /// @notice BUY: ceil(maker · 1e6 / taker) ≤ maxBuy; SELL: floor(taker · 1e6 / maker) ≥ minSell
    ///         (both exact for integer bounds) — exact division, not the module's
    ///         cross-multiplication. Zero amounts are out of band; needs makerAmount < 2^64.
    function inPriceBand(bool sell, uint256 makerAmount, uint256 takerAmount, uint256 minSell, uint256 maxBuy)
        internal
        pure
        returns (bool)
    {
        if (makerAmount == 0 || takerAmount == 0) return false;
        if (!sell) {
            uint256 scaled = makerAmount * 1e6;
            return scaled / takerAmount + (scaled % takerAmount == 0 ? 0 : 1) <= maxBuy;
        }
        // A SELL asking 2^200 or more is far above any floor (and taker · 1e6 would overflow).
        if (takerAmount >= 1 << 200) return true;
        return takerAmount * 1e6 / makerAmount >= minSell;
    }
}
