// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Order side, as CTFExchangeV2 numbers it (`src/exchange/libraries/Structs.sol`).
enum Side {
    BUY,
    SELL
}

/// @notice Signature types of CTFExchangeV2 (`src/exchange/libraries/Structs.sol`).
enum SignatureType {
    EOA,
    POLY_PROXY,
    POLY_GNOSIS_SAFE,
    POLY_1271
}

/// @notice How a maker order meets the taker order (`Structs.sol` `MatchType`): opposite sides,
///         two buys of complementary tokens, or two sells of complementary tokens.
enum MatchType {
    COMPLEMENTARY,
    MINT,
    MERGE
}

/// @notice The V2 order as the exchange receives it: the eleven signed fields, then the signature,
///         which the type hash does not cover (`Structs.sol`). ABI tuple
///         `(uint256,address,address,uint256,uint256,uint256,uint8,uint8,uint256,bytes32,bytes32,bytes)`.
struct Order {
    uint256 salt;
    address maker;
    address signer;
    uint256 tokenId;
    uint256 makerAmount;
    uint256 takerAmount;
    Side side;
    SignatureType signatureType;
    uint256 timestamp;
    bytes32 metadata;
    bytes32 builder;
    bytes signature;
}

/// @notice The eleven signed fields alone, with the signature travelling beside them: the tuple of
///         the stand-in's older entry points (`fillOrder`, `isValidOrderSignature`, ...).
struct UnsignedOrder {
    uint256 salt;
    address maker;
    address signer;
    uint256 tokenId;
    uint256 makerAmount;
    uint256 takerAmount;
    uint8 side;
    uint8 signatureType;
    uint256 timestamp;
    bytes32 metadata;
    bytes32 builder;
}

/// @notice Fill state of an order hash (`Structs.sol` `OrderStatus`): `remaining` is in maker-amount
///         units, 0 while the order is untouched; `filled` once nothing remains.
struct OrderStatus {
    bool filled;
    uint248 remaining;
}

/// @notice EIP-1271, as the exchange calls it on a POLY_1271 maker.
interface IERC1271 {
    /// @notice Whether `signature` is valid for `hash` on behalf of this contract.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4);
}
