// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {WardenStorage} from "./WardenStorage.sol";
import {StrictECDSA} from "./StrictECDSA.sol";
import {Status} from "../interfaces/IWardenModule.sol";

/// @title OrderScope
/// @notice Checks a CTFExchangeV2 / ExchangeV3 order against a session's scope. Pure view: returns
///         a status, never reverts on an out-of-scope order.
/// @dev The session key does not sign the exchange's order hash itself but an EIP-712 message of
///      this module, `SessionOrder(bytes32 sessionId, bytes32 orderHash)` under the domain
///      `{name: "Warden", version: "1", chainId, verifyingContract: this module}`. Signing the bare
///      order hash left the session id in the payload unsigned (S3): anyone holding a posted order
///      could swap in another live session id of the same key, so revoking a session did not kill
///      its orders while the key held another session.
abstract contract OrderScope is WardenStorage {
    /// @notice V2 order type hash:
    ///         `keccak256("Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)")`.
    bytes32 public constant ORDER_TYPEHASH = 0xbb86318a2138f5fa8ae32fbe8e659f8fcf13cc6ae4014a707893055433818589;
    /// @notice Encoded V2 order: 11 words.
    uint256 internal constant ORDER_ENCODED_LENGTH = 352;
    /// @notice Signature payload: `sessionId (32) ‖ r (32) ‖ s (32) ‖ v (1)`, where `(r, s, v)`
    ///         signs `sessionOrderDigest(sessionId, orderHash)`.
    uint256 public constant PAYLOAD_LENGTH = 97;
    /// @notice V2 `SignatureType.POLY_1271`.
    uint256 internal constant POLY_1271 = 3;
    /// @notice How far (seconds) an order's timestamp may run ahead of the block: block timestamps
    ///         trail wall-clock time, and an order validated at once must not be refused. Larger
    ///         values would stretch the order's life past `maxOrderAgeSec`.
    uint256 public constant MAX_ORDER_CLOCK_SKEW_SEC = 60;
    /// @notice What one share (6 decimals, like pUSD) pays out at most: 1 pUSD. It values the shares
    ///         a SELL gives against the per-call cap, and it is the unit of the price band: prices
    ///         are micro-pUSD per share, so 1e6 = 1.0 pUSD/share, the highest meaningful price.
    uint256 public constant SHARE_FACE_VALUE_MICRO_USD = 1e6;
    /// @notice `keccak256("SessionOrder(bytes32 sessionId,bytes32 orderHash)")`: the type the
    ///         session key signs, binding the order hash to one session.
    bytes32 public constant SESSION_ORDER_TYPEHASH = 0xd6ffcd22c5140745e34e14d7bdf7d77de6eb8eac68766aff66e6e2839ed44275;
    /// @notice `keccak256("Warden")`: name of the module's EIP-712 domain.
    bytes32 internal constant SESSION_DOMAIN_NAME_HASH = keccak256("Warden");
    /// @notice `keccak256("1")`: version of the module's EIP-712 domain (of the signed format, not
    ///         of the module).
    bytes32 internal constant SESSION_DOMAIN_VERSION_HASH = keccak256("1");
    /// @notice Above this a `takerAmount` changes no band verdict (see `_inPriceBand`).
    uint256 private constant TAKER_AMOUNT_CLAMP = 1 << 128;

    // Word offsets inside the encoded order.
    uint256 private constant OFFSET_MAKER = 0x20;
    uint256 private constant OFFSET_SIGNER = 0x40;
    uint256 private constant OFFSET_TOKEN_ID = 0x60;
    uint256 private constant OFFSET_MAKER_AMOUNT = 0x80;
    uint256 private constant OFFSET_TAKER_AMOUNT = 0xa0;
    uint256 private constant OFFSET_SIDE = 0xc0;
    uint256 private constant OFFSET_SIGNATURE_TYPE = 0xe0;
    uint256 private constant OFFSET_TIMESTAMP = 0x100;

    uint256 private immutable _sessionDomainChainId;
    bytes32 private immutable _sessionDomain;

    constructor() {
        _sessionDomainChainId = block.chainid;
        _sessionDomain = _buildSessionDomain();
    }

    /// @notice The EIP-712 digest the module verifies for an encoded order on a known exchange.
    /// @param exchange A known exchange.
    /// @param encodeData The 11 encoded order words (as in `abi.encode` of the fields).
    /// @return digest `keccak256(0x1901 ‖ domainSeparator ‖ keccak256(ORDER_TYPEHASH ‖ encodeData))`.
    function hashOrder(address exchange, bytes calldata encodeData) external view returns (bytes32 digest) {
        uint256 index = _exchangeIndex(exchange);
        if (index == NOT_AN_EXCHANGE) revert InvalidExchangeConfig(index);
        return _orderDigest(_domainSeparatorAt(index), encodeData);
    }

    /// @notice The digest a session key signs for an order: the EIP-712 hash of
    ///         `SessionOrder(sessionId, orderHash)` under this module's domain on this chain.
    /// @param sessionId The session the order is signed under.
    /// @param orderHash The exchange's EIP-712 order digest (`hashOrder`).
    /// @return digest `keccak256(0x1901 ‖ domainSeparator ‖ keccak256(SESSION_ORDER_TYPEHASH ‖ sessionId ‖ orderHash))`.
    function sessionOrderDigest(bytes32 sessionId, bytes32 orderHash) external view returns (bytes32 digest) {
        return _sessionOrderDigest(sessionId, orderHash);
    }

    /// @dev Every rule of the order scope, cheapest first; the ECDSA recovery runs last.
    function _checkOrder(
        address safe,
        address sender,
        bytes32 hash,
        bytes32 domainSeparator,
        bytes32 typeHash,
        bytes calldata encodeData,
        bytes calldata payload
    ) internal view returns (bytes32 sessionId, Status, bytes32) {
        if (payload.length != PAYLOAD_LENGTH) return (bytes32(0), Status.MalformedSignature, bytes32(payload.length));
        sessionId = _at(payload, 0);
        if (typeHash != ORDER_TYPEHASH) return (sessionId, Status.WrongTypeHash, typeHash);
        if (encodeData.length != ORDER_ENCODED_LENGTH) {
            return (sessionId, Status.MalformedOrder, bytes32(encodeData.length));
        }

        // The caller of the Safe's isValidSignature must be the exchange whose domain signed the order.
        uint256 exchangeIndex = _exchangeIndex(sender);
        if (exchangeIndex == NOT_AN_EXCHANGE) return (sessionId, Status.ExchangeNotAllowed, _word(sender));
        if (domainSeparator != _domainSeparatorAt(exchangeIndex)) {
            return (sessionId, Status.DomainMismatch, domainSeparator);
        }
        // Recomputed here so the module never depends on its caller having checked the digest.
        if (_orderDigest(domainSeparator, encodeData) != hash) return (sessionId, Status.HashMismatch, hash);

        // Whole-word comparisons: a dirty upper half of an address word is refused, not masked.
        bytes32 safeWord = _word(safe);
        if (_at(encodeData, OFFSET_MAKER) != safeWord) {
            return (sessionId, Status.WrongMaker, _at(encodeData, OFFSET_MAKER));
        }
        if (_at(encodeData, OFFSET_SIGNER) != safeWord) {
            return (sessionId, Status.WrongSigner, _at(encodeData, OFFSET_SIGNER));
        }
        if (uint256(_at(encodeData, OFFSET_SIGNATURE_TYPE)) != POLY_1271) {
            return (sessionId, Status.WrongSignatureType, _at(encodeData, OFFSET_SIGNATURE_TYPE));
        }
        uint256 side = uint256(_at(encodeData, OFFSET_SIDE));
        if (side > 1) return (sessionId, Status.MalformedOrder, bytes32(side));

        Session storage s = _sessions[safe][sessionId];
        (Status status, bytes32 info) = _checkLive(safe, s);
        if (status != Status.Ok) return (sessionId, status, info);
        if ((uint256(s.exchangeMask) >> exchangeIndex) & 1 == 0) {
            return (sessionId, Status.ExchangeNotAllowed, _word(sender));
        }

        // The cap bounds what the Safe gives, on both sides: a BUY pays makerAmount pUSD, a SELL
        // gives makerAmount shares, each worth at most 1 pUSD (6 decimals both), so the capped
        // quantity is makerAmount. Capping what a SELL receives instead let it give away any
        // number of shares for a tiny takerAmount.
        uint256 makerAmount = uint256(_at(encodeData, OFFSET_MAKER_AMOUNT));
        if (makerAmount > s.maxPerCallMicroUsd) return (sessionId, Status.SizeCapExceeded, bytes32(makerAmount));
        uint256 takerAmount = uint256(_at(encodeData, OFFSET_TAKER_AMOUNT));
        // An order that gives or asks nothing has no price the band could judge: refused, never
        // waved through (info: the word index of the zero amount, 4 maker or 5 taker).
        if (makerAmount == 0 || takerAmount == 0) {
            return (sessionId, Status.ZeroAmount, bytes32((makerAmount == 0 ? OFFSET_MAKER_AMOUNT : OFFSET_TAKER_AMOUNT) >> 5));
        }
        // Without an oracle the module cannot know a fair price, but it can refuse the orders no
        // strategy means to sign: a BUY above the session's ceiling or a SELL below its floor.
        uint256 bound = side == 0 ? s.maxBuyPriceMicroUsd : s.minSellPriceMicroUsd;
        if (!_inPriceBand(side, makerAmount, takerAmount, bound)) {
            return (sessionId, Status.PriceOutOfBand, bytes32(_priceOutsideBand(side, makerAmount, takerAmount)));
        }

        if (s.flags & FLAG_TOKEN_ALLOWLIST != 0) {
            bytes32 tokenId = _at(encodeData, OFFSET_TOKEN_ID);
            if (!_tokens[sessionId][uint256(tokenId)]) return (sessionId, Status.TokenNotAllowed, tokenId);
        }

        // V2 signs no expiry: the order's own timestamp (ms) bounds how long it stays matchable.
        bytes32 timestampMs = _at(encodeData, OFFSET_TIMESTAMP);
        unchecked {
            // No overflow: block.timestamp and maxOrderAgeSec are far below 2^64, and past the first
            // check timestampMs is too.
            if (uint256(timestampMs) > (block.timestamp + MAX_ORDER_CLOCK_SKEW_SEC) * 1000) {
                return (sessionId, Status.OrderFromFuture, timestampMs);
            }
            if (block.timestamp * 1000 > uint256(timestampMs) + uint256(s.maxOrderAgeSec) * 1000) {
                return (sessionId, Status.OrderTooOld, timestampMs);
            }
        }

        // The key signs the session id together with the order hash, so the payload's id cannot be
        // swapped for another session of the same key (a revoked session's orders stay dead).
        address signer = StrictECDSA.recover(
            _sessionOrderDigest(sessionId, hash), _at(payload, 32), _at(payload, 64), uint8(uint256(_at(payload, 65)))
        ); // v is the payload's last byte, the low byte of the word at offset 65
        if (signer == address(0)) return (sessionId, Status.MalformedSignature, bytes32(0));
        if (signer != s.key) return (sessionId, Status.WrongSessionKey, _word(signer));
        return (sessionId, Status.Ok, bytes32(0));
    }

    /// @dev `keccak256(0x1901 ‖ domainSeparator ‖ keccak256(ORDER_TYPEHASH ‖ encodeData))`, hashed in
    ///      place (free memory for the struct, scratch space for the envelope) on the hot path.
    function _orderDigest(bytes32 domainSeparator, bytes calldata encodeData) internal pure returns (bytes32 digest) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, ORDER_TYPEHASH)
            calldatacopy(add(m, 0x20), encodeData.offset, encodeData.length)
            let structHash := keccak256(m, add(0x20, encodeData.length))
            mstore(0x00, 0x1901)
            mstore(0x20, domainSeparator)
            mstore(0x40, structHash)
            digest := keccak256(0x1e, 0x42)
            mstore(0x40, m)
        }
    }

    /// @dev BUY: price `makerAmount / takerAmount` ≤ `maxBuyPriceMicroUsd / 1e6`; SELL: price
    ///      `takerAmount / makerAmount` ≥ `minSellPriceMicroUsd / 1e6`. Compared by
    ///      cross-multiplication, so no division rounds in the order's favour. Callers have checked
    ///      `0 < makerAmount <= cap < 2^64`; `takerAmount` is any non-zero word.
    function _inPriceBand(uint256 side, uint256 makerAmount, uint256 takerAmount, uint256 bound)
        private
        pure
        returns (bool)
    {
        // Clamping takerAmount at 2^128 keeps every product below 2^160 (bound < 2^32) and changes
        // no verdict: past 2^128 a BUY's right side (if its bound is non-zero) and a SELL's left
        // side already exceed the other side, which is below 2^64 · 2^32.
        uint256 taker = takerAmount > TAKER_AMOUNT_CLAMP ? TAKER_AMOUNT_CLAMP : takerAmount;
        unchecked {
            if (side == 0) return makerAmount * SHARE_FACE_VALUE_MICRO_USD <= bound * taker;
            return taker * SHARE_FACE_VALUE_MICRO_USD >= bound * makerAmount;
        }
    }

    /// @dev The refused order's price in micro-pUSD per share, rounded away from the band (a BUY
    ///      up, a SELL down), so the reported price is always strictly past the bound it crossed.
    ///      Only called on a refusal, where the product it forms is below 2^96 (a BUY's
    ///      `makerAmount * 1e6`; a refused SELL's `takerAmount * 1e6 < bound * makerAmount`).
    function _priceOutsideBand(uint256 side, uint256 makerAmount, uint256 takerAmount) private pure returns (uint256) {
        if (side == 0) {
            uint256 scaled = makerAmount * SHARE_FACE_VALUE_MICRO_USD;
            return scaled / takerAmount + (scaled % takerAmount == 0 ? 0 : 1);
        }
        return takerAmount * SHARE_FACE_VALUE_MICRO_USD / makerAmount;
    }

    /// @dev `keccak256(0x1901 ‖ sessionDomain ‖ keccak256(SESSION_ORDER_TYPEHASH ‖ sessionId ‖ orderHash))`,
    ///      hashed in free memory and scratch space like `_orderDigest`.
    function _sessionOrderDigest(bytes32 sessionId, bytes32 orderHash) internal view returns (bytes32 digest) {
        bytes32 domainSeparator = _sessionDomainSeparator();
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, SESSION_ORDER_TYPEHASH)
            mstore(add(m, 0x20), sessionId)
            mstore(add(m, 0x40), orderHash)
            let structHash := keccak256(m, 0x60)
            mstore(0x00, 0x1901)
            mstore(0x20, domainSeparator)
            mstore(0x40, structHash)
            digest := keccak256(0x1e, 0x42)
            mstore(0x40, m)
        }
    }

    /// @dev Cached for the deployment chain; recomputed on a fork, so a session signature made for
    ///      one chain id never verifies on another.
    function _sessionDomainSeparator() private view returns (bytes32) {
        return block.chainid == _sessionDomainChainId ? _sessionDomain : _buildSessionDomain();
    }

    function _buildSessionDomain() private view returns (bytes32) {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, SESSION_DOMAIN_NAME_HASH, SESSION_DOMAIN_VERSION_HASH, block.chainid, address(this))
        );
    }

    function _at(bytes calldata data, uint256 offset) private pure returns (bytes32 value) {
        assembly ("memory-safe") {
            value := calldataload(add(data.offset, offset))
        }
    }

    function _word(address account) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(account)));
    }
}
