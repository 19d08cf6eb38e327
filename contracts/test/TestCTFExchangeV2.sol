// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice V2 order, as signed (the signature travels beside it).
struct Order {
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

/// @notice EIP-1271, as the exchange calls it on a POLY_1271 maker.
interface IERC1271 {
    /// @notice Whether `signature` is valid for `hash` on behalf of this contract.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4);
}

/// @title TestCTFExchangeV2
/// @notice TEST ONLY. The order-verification and user-pause surface of CTFExchangeV2, written from
///         the V2 facts (DESIGN.md): the exact type string and domain, ECDSA for EOA orders,
///         `isValidSignature` on the maker for POLY_1271, operator preapproval, `pauseUser` after an
///         interval of blocks. Deployed once per domain (V2, NegRisk V2, V3).
contract TestCTFExchangeV2 {
    /// @notice The V2 order type hash, from the type string itself.
    bytes32 public constant ORDER_TYPEHASH = keccak256(
        "Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)"
    );
    uint8 internal constant EOA = 0;
    uint8 internal constant POLY_1271 = 3;

    /// @notice The exchange's EIP-712 domain separator.
    bytes32 public immutable domainSeparator;
    /// @notice The operator (may preapprove orders).
    address public immutable operator;
    /// @notice Blocks after which `pauseUser` takes effect.
    uint256 public userPauseBlockInterval = 100;
    /// @notice Block from which a user is paused (0 = not paused).
    mapping(address user => uint256) public userPausedBlockAt;
    /// @notice Preapproved order hashes.
    mapping(bytes32 orderHash => bool) public preapproved;
    /// @notice Filled order hashes.
    mapping(bytes32 orderHash => bool) public filled;

    /// @notice An order was filled.
    event OrderFilled(bytes32 indexed orderHash, address indexed maker);
    /// @notice An order was preapproved.
    event OrderPreapproved(bytes32 indexed orderHash);
    /// @notice A user paused itself.
    event UserPaused(address indexed user, uint256 effectivePauseBlock);
    /// @notice A user unpaused itself.
    event UserUnpaused(address indexed user);

    /// @notice Signature invalid for the order.
    error InvalidSignature();
    /// @notice Maker is paused.
    error UserIsPaused();
    /// @notice Already paused.
    error UserAlreadyPaused();
    /// @notice Not the operator.
    error NotOperator();
    /// @notice Already filled.
    error OrderFilledAlready();

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

    /// @notice The V2 order hash.
    /// @param order The order.
    /// @return The EIP-712 digest.
    function hashOrder(Order calldata order) public view returns (bytes32) {
        bytes32 structHash = keccak256(
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
        );
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
    }

    /// @notice Whether the signature is valid for the order (V2 rules for types 0 and 3).
    /// @param order The order.
    /// @param signature The signature (empty = preapproved).
    /// @return Whether valid.
    function isValidOrderSignature(Order calldata order, bytes calldata signature) public view returns (bool) {
        bytes32 orderHash = hashOrder(order);
        if (signature.length == 0) return preapproved[orderHash];
        if (order.signatureType == EOA) {
            return order.signer == order.maker && _recover(orderHash, signature) == order.signer
                && order.signer != address(0);
        }
        if (order.signatureType == POLY_1271) {
            if (order.signer != order.maker || order.maker.code.length == 0) return false;
            return _isValidERC1271Unpadded(order.maker, orderHash, signature);
        }
        return false;
    }

    /// @notice Gas of the maker's `isValidSignature` for this order, measured around the exchange's
    ///         own call (what the Safe, its fallback handler and the verifier cost the exchange).
    /// @param order The order (POLY_1271).
    /// @param signature The signature.
    /// @return gasUsed Gas consumed by the call, including the cold access to the maker.
    /// @return valid Whether the magic value came back.
    function measureIsValidSignature(Order calldata order, bytes calldata signature)
        external
        view
        returns (uint256 gasUsed, bool valid)
    {
        bytes32 orderHash = hashOrder(order);
        address maker = order.maker;
        uint256 start = gasleft();
        valid = _isValidERC1271Unpadded(maker, orderHash, signature);
        gasUsed = start - gasleft();
    }

    /// @notice Fills an order for the operator (no asset movement: this mock checks validity only).
    /// @param order The order.
    /// @param signature Its signature, or empty if preapproved.
    function fillOrder(Order calldata order, bytes calldata signature) external {
        if (msg.sender != operator) revert NotOperator();
        if (isUserPaused(order.maker)) revert UserIsPaused();
        if (!isValidOrderSignature(order, signature)) revert InvalidSignature();
        bytes32 orderHash = hashOrder(order);
        if (filled[orderHash]) revert OrderFilledAlready();
        filled[orderHash] = true;
        emit OrderFilled(orderHash, order.maker);
    }

    /// @notice Operator preapproval: valid now, stays valid later whatever the wallet says.
    /// @param order The order.
    /// @param signature Its signature.
    function preapproveOrder(Order calldata order, bytes calldata signature) external {
        if (msg.sender != operator) revert NotOperator();
        if (signature.length == 0 || !isValidOrderSignature(order, signature)) revert InvalidSignature();
        bytes32 orderHash = hashOrder(order);
        preapproved[orderHash] = true;
        emit OrderPreapproved(orderHash);
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

    /// @dev EIP-1271 as Solady's SignatureCheckerLib (`isValidERC1271SignatureNow`, calldata form)
    ///      calls it, which the V2 exchange uses: the calldata is selector ‖ hash ‖ offset 0x40 ‖
    ///      length ‖ the signature bytes *unpadded* (not rounded up to a word as abi.encode does), and
    ///      only an answer of exactly one word equal to the magic value counts.
    function _isValidERC1271Unpadded(address signer, bytes32 hash, bytes calldata signature) private view returns (bool ok) {
        bytes4 magic = IERC1271.isValidSignature.selector;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, magic)
            mstore(add(p, 0x04), hash)
            mstore(add(p, 0x24), 0x40)
            mstore(add(p, 0x44), signature.length)
            calldatacopy(add(p, 0x64), signature.offset, signature.length)
            let called := staticcall(gas(), signer, p, add(0x64, signature.length), 0x00, 0x20)
            ok := and(called, and(eq(returndatasize(), 0x20), eq(mload(0x00), magic)))
        }
    }

    function _recover(bytes32 digest, bytes calldata signature) private pure returns (address) {
        if (signature.length != 65) return address(0);
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (uint256(s) > 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0) return address(0);
        return ecrecover(digest, v, r, s);
    }
}
