// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271, Order, SignatureType} from "./ExchangeTypes.sol";

/// @title ExchangeSignatures
/// @notice TEST ONLY. Order hashing, signature checks, operator preapproval and user pause of the
///         CTFExchangeV2 stand-in, written from the facts read in Polymarket/ctf-exchange-v2
///         (`src/exchange/mixins/Hashing.sol`, `Signatures.sol`, `UserPausable.sol`) and Solady
///         v0.1.26 (`ECDSA.recover`, `SignatureCheckerLib.isValidSignatureNow`, the memory form the
///         exchange uses). Operator and domain are immutables, so a copy of the runtime code placed
///         at another address (hardhat_setCode) keeps them; storage starts empty there.
abstract contract ExchangeSignatures {
    /// @notice The V2 order type hash, from the type string itself (the signature is not covered).
    bytes32 public constant ORDER_TYPEHASH = keccak256(
        "Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)"
    );
    /// @dev `bytes4(keccak256("isValidSignature(bytes32,bytes)"))`.
    bytes4 internal constant ERC1271_MAGIC = 0x1626ba7e;

    /// @notice The exchange's EIP-712 domain separator.
    bytes32 public immutable domainSeparator;
    /// @notice The operator (the real exchange's admin, who is also its first operator).
    address public immutable operator;
    /// @notice Blocks after which `pauseUser` takes effect (100 as deployed; 0 in a setCode copy).
    uint256 public userPauseBlockInterval = 100;
    /// @notice Block from which a user is paused (0 = not paused).
    mapping(address user => uint256) public userPausedBlockAt;
    /// @notice Preapproved order hashes.
    mapping(bytes32 orderHash => bool) public preapproved;

    /// @notice An order was preapproved.
    event OrderPreapproved(bytes32 indexed orderHash);
    /// @notice A preapproval was withdrawn.
    event OrderPreapprovalInvalidated(bytes32 indexed orderHash);
    /// @notice A user paused itself.
    event UserPaused(address indexed user, uint256 effectivePauseBlock);
    /// @notice A user unpaused itself.
    event UserUnpaused(address indexed user);

    /// @notice Signature invalid for the order (also Solady ECDSA's revert: same selector 0x8baa579f).
    error InvalidSignature();
    /// @notice Maker is paused.
    error UserIsPaused();
    /// @notice Already paused.
    error UserAlreadyPaused();
    /// @notice Not the operator.
    error NotOperator();

    modifier onlyOperator() {
        _onlyOperator();
        _;
    }

    /// @param version EIP-712 domain version ("2" or "3").
    constructor(string memory version) {
        operator = msg.sender;
        domainSeparator = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Polymarket CTF Exchange"),
                keccak256(bytes(version)),
                block.chainid,
                address(this)
            )
        );
    }

    /// @notice The V2 order hash of a signed order (`hashOrder(Order)`, selector 0x3d861a4d); the
    ///         `signature` field is not hashed.
    /// @param order The order.
    /// @return The EIP-712 digest.
    function hashOrder(Order memory order) public view returns (bytes32) {
        return _digest(
            keccak256(
                abi.encode(
                    ORDER_TYPEHASH,
                    order.salt,
                    order.maker,
                    order.signer,
                    order.tokenId,
                    order.makerAmount,
                    order.takerAmount,
                    order.side,
                    order.signatureType,
                    order.timestamp,
                    order.metadata,
                    order.builder
                )
            )
        );
    }

    /// @notice Reverts `InvalidSignature` unless the order is signed for `orderHash` or, with an empty
    ///         signature, preapproved (`Signatures.sol` `validateOrderSignature`, selector 0xf5db3e4b).
    /// @param orderHash The order hash.
    /// @param order The order.
    function validateOrderSignature(bytes32 orderHash, Order memory order) public view {
        if (order.signature.length == 0) {
            if (!preapproved[orderHash]) revert InvalidSignature();
        } else if (!_isValidSignature(order.signer, order.maker, orderHash, order.signature, order.signatureType)) {
            revert InvalidSignature();
        }
    }

    /// @notice Whether a user is paused now.
    /// @param user The user.
    /// @return Whether paused.
    function isUserPaused(address user) public view returns (bool) {
        uint256 at = userPausedBlockAt[user];
        return at > 0 && block.number >= at;
    }

    /// @notice Pauses the caller after `userPauseBlockInterval` blocks.
    function pauseUser() external {
        if (userPausedBlockAt[msg.sender] != 0) revert UserAlreadyPaused();
        uint256 at = block.number + userPauseBlockInterval;
        userPausedBlockAt[msg.sender] = at;
        emit UserPaused(msg.sender, at);
    }

    /// @notice Unpauses the caller.
    function unpauseUser() external {
        userPausedBlockAt[msg.sender] = 0;
        emit UserUnpaused(msg.sender);
    }

    /// @notice Withdraws a preapproval (`invalidatePreapprovedOrder(bytes32)`, selector 0x437f1994).
    /// @param orderHash The order hash.
    function invalidatePreapprovedOrder(bytes32 orderHash) external onlyOperator {
        preapproved[orderHash] = false;
        emit OrderPreapprovalInvalidated(orderHash);
    }

    /// @dev A function, not only a modifier: Hardhat's revert decoding fails (JSON-RPC -32602) on
    ///      a modifier revert inside an overloaded function (`preapproveOrder`).
    function _onlyOperator() internal view {
        if (msg.sender != operator) revert NotOperator();
    }

    function _preapprove(bytes32 orderHash) internal {
        preapproved[orderHash] = true;
        emit OrderPreapproved(orderHash);
    }

    function _digest(bytes32 structHash) internal view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
    }

    /// @dev `Signatures.sol` `_isValidSignature`: EOA needs signer == maker and an ECDSA signature of
    ///      the signer; POLY_1271 needs signer == maker, code at the maker and its EIP-1271 answer.
    ///      POLY_PROXY and POLY_GNOSIS_SAFE need the maker to be the wallet Polymarket's factories
    ///      derive from the signer; no such factory exists here, so after the ECDSA check (which
    ///      reverts like the real one for a bad signature) they are never valid.
    function _isValidSignature(address signer, address maker, bytes32 hash, bytes memory signature, SignatureType kind)
        internal
        view
        returns (bool)
    {
        if (kind == SignatureType.EOA) return signer == maker && _recover(hash, signature) == signer;
        if (kind == SignatureType.POLY_1271) {
            return signer == maker && maker.code.length > 0 && _isValidERC1271Now(maker, hash, signature);
        }
        _recover(hash, signature);
        return false;
    }

    /// @dev Solady `ECDSA.recover` (bytes memory): 65-byte `(r, s, v)` or 64-byte EIP-2098 `(r, vs)`;
    ///      any other length, or no address out of the precompile, reverts `InvalidSignature()`.
    ///      No malleability check: a high-s signature recovers like its low-s twin.
    function _recover(bytes32 hash, bytes memory signature) internal pure returns (address recovered) {
        bytes32 r;
        bytes32 s;
        uint8 v;
        if (signature.length == 65) {
            assembly ("memory-safe") {
                r := mload(add(signature, 0x20))
                s := mload(add(signature, 0x40))
                v := byte(0, mload(add(signature, 0x60)))
            }
        } else if (signature.length == 64) {
            bytes32 vs;
            assembly ("memory-safe") {
                r := mload(add(signature, 0x20))
                vs := mload(add(signature, 0x40))
            }
            v = uint8(uint256(vs >> 255)) + 27;
            s = vs & bytes32(0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff);
        } else {
            revert InvalidSignature();
        }
        recovered = ecrecover(hash, v, r, s);
        if (recovered == address(0)) revert InvalidSignature();
    }

    /// @dev EIP-1271 exactly as Solady's `SignatureCheckerLib.isValidSignatureNow` (bytes memory)
    ///      calls it: calldata selector 0x1626ba7e ‖ hash ‖ offset 0x40 ‖ length ‖ the signature
    ///      bytes, NOT padded to a word (size 0x64 + length, where abi.encode would round up); the
    ///      answer is written over the offset word and must equal the magic value left-aligned in a
    ///      full word. Solady does not read returndatasize: a shorter answer leaves the offset's 0x40
    ///      in the last byte and so never matches, a longer one is judged by its first word.
    function _isValidERC1271Now(address signer, bytes32 hash, bytes memory signature) internal view returns (bool ok) {
        bytes4 magic = ERC1271_MAGIC;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, magic)
            mstore(add(m, 0x04), hash)
            let answer := add(m, 0x24)
            mstore(answer, 0x40)
            let n := add(0x20, mload(signature))
            mcopy(add(m, 0x44), signature, n)
            let called := staticcall(gas(), signer, m, add(0x44, n), answer, 0x20)
            ok := and(called, eq(mload(answer), magic))
        }
    }
}
