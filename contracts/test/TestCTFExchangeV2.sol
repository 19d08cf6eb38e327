// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Order, UnsignedOrder} from "./exchange/ExchangeTypes.sol";
import {ExchangeSignatures} from "./exchange/ExchangeSignatures.sol";
import {ExchangeTrading} from "./exchange/ExchangeTrading.sol";

/// @title TestCTFExchangeV2
/// @notice TEST ONLY. The order-verification, matching-checks and user-pause surface of
///         CTFExchangeV2 (Polymarket/ctf-exchange-v2 at ccc0596), written from its facts: the exact
///         type string and domain, an `Order` tuple that carries its signature, `validateOrder`,
///         `validateOrderSignature`, `matchOrders` (operator only, not paused; validity, crossing
///         and fill accounting, no asset movement — see ExchangeTrading), `getOrderStatus`,
///         preapproval, `pauseUser` after an interval of blocks; for POLY_1271 signer == maker, code
///         at the maker, and `isValidSignature` called with Solady's unpadded calldata.
///         The older entry points (`fillOrder`, `isValidOrderSignature`, `preapproveOrder(order,
///         signature)`, `measureIsValidSignature`, `hashOrder` of the unsigned tuple) keep their
///         signatures and meaning. Deployed once per domain (V2, NegRisk V2, V3).
contract TestCTFExchangeV2 is ExchangeTrading {
    uint8 internal constant EOA = 0;
    uint8 internal constant POLY_1271 = 3;

    /// @notice Filled order hashes (the older `fillOrder` only).
    mapping(bytes32 orderHash => bool) public filled;

    /// @notice Already filled through `fillOrder`.
    error OrderFilledAlready();

    /// @param version EIP-712 domain version ("2" or "3").
    constructor(string memory version) ExchangeSignatures(version) {}

    /// @notice Operator preapproval of a signed order (`preapproveOrder(Order)`, selector 0xe3a5ced5):
    ///         valid now, stays valid later whatever the wallet says.
    /// @param order The order, with its signature.
    function preapproveOrder(Order memory order) external {
        _onlyOperator();
        bytes32 orderHash = hashOrder(order);
        if (!_isValidSignature(order.signer, order.maker, orderHash, order.signature, order.signatureType)) {
            revert InvalidSignature();
        }
        _preapprove(orderHash);
    }

    /// @notice The V2 order hash of the unsigned tuple.
    /// @param order The order.
    /// @return The EIP-712 digest.
    function hashOrder(UnsignedOrder calldata order) public view returns (bytes32) {
        return _digest(keccak256(abi.encode(ORDER_TYPEHASH, order)));
    }

    /// @notice Whether the signature is valid for the order (V2 rules for types 0 and 3; an empty
    ///         signature = preapproved). EOA signatures here are 65 bytes with a low s; POLY_1271 as
    ///         `validateOrderSignature`.
    /// @param order The order.
    /// @param signature The signature (empty = preapproved).
    /// @return Whether valid.
    function isValidOrderSignature(UnsignedOrder calldata order, bytes calldata signature) public view returns (bool) {
        bytes32 orderHash = hashOrder(order);
        if (signature.length == 0) return preapproved[orderHash];
        if (order.signatureType == EOA) {
            return order.signer == order.maker && _strictRecover(orderHash, signature) == order.signer
                && order.signer != address(0);
        }
        if (order.signatureType == POLY_1271) {
            if (order.signer != order.maker || order.maker.code.length == 0) return false;
            return _isValidERC1271Now(order.maker, orderHash, signature);
        }
        return false;
    }

    /// @notice Gas of the maker's `isValidSignature` for this order, measured around the exchange's
    ///         own call (what the Safe, its fallback handler and the verifier cost the exchange).
    /// @param order The order (POLY_1271).
    /// @param signature The signature.
    /// @return gasUsed Gas consumed by the call, including the cold access to the maker.
    /// @return valid Whether the magic value came back.
    function measureIsValidSignature(UnsignedOrder calldata order, bytes calldata signature)
        external
        view
        returns (uint256 gasUsed, bool valid)
    {
        bytes32 orderHash = hashOrder(order);
        bytes memory copy = signature;
        address maker = order.maker;
        uint256 start = gasleft();
        valid = _isValidERC1271Now(maker, orderHash, copy);
        gasUsed = start - gasleft();
    }

    /// @notice Fills an order for the operator (no asset movement: validity only, once per hash).
    /// @param order The order.
    /// @param signature Its signature, or empty if preapproved.
    function fillOrder(UnsignedOrder calldata order, bytes calldata signature) external onlyOperator {
        if (isUserPaused(order.maker)) revert UserIsPaused();
        if (!isValidOrderSignature(order, signature)) revert InvalidSignature();
        bytes32 orderHash = hashOrder(order);
        if (filled[orderHash]) revert OrderFilledAlready();
        filled[orderHash] = true;
        emit OrderFilled(orderHash, order.maker);
    }

    /// @notice Operator preapproval with the signature beside the order.
    /// @param order The order.
    /// @param signature Its signature.
    function preapproveOrder(UnsignedOrder calldata order, bytes calldata signature) external {
        _onlyOperator();
        if (signature.length == 0 || !isValidOrderSignature(order, signature)) revert InvalidSignature();
        _preapprove(hashOrder(order));
    }

    /// @dev The older entry points' ECDSA: 65 bytes, s in the lower half, else address(0).
    function _strictRecover(bytes32 digest, bytes calldata signature) private pure returns (address) {
        if (signature.length != 65) return address(0);
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (uint256(s) > 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0) return address(0);
        return ecrecover(digest, v, r, s);
    }
}
