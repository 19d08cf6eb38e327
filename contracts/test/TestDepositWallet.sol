// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice One call of a batch (DepositWallet `Call`).
struct Call {
    address target;
    uint256 value;
    bytes data;
}

/// @notice What the owner (or a session signer) signs for `execute` (DepositWallet `Batch`).
struct Batch {
    address wallet;
    uint256 nonce;
    uint256 deadline;
    Call[] calls;
}

/// @title TestDepositWallet
/// @notice TEST ONLY. The session-signer and ERC-1271 surface of Polymarket's DepositWallet, written
///         from the facts Warden relies on (README "Deposit-wallet mode"): an owner; batches run only
///         through the factory (`execute`, whose caller is the factory's operator); the session-signer
///         calls are `onlySelf`, so only an owner-signed batch reaches them; `isValidSignature`
///         resolves a session signer from the `abi.encode(bytes32 signer, bytes32 0, bytes sig) ‖
///         0x6492…6492` envelope (refusing it once `sessionSignerAuthorizedUntil` has passed) and
///         otherwise the owner, then checks ERC-7739 nested typed data (`TypedDataSign`, implicit
///         mode) for external callers and a plain ECDSA signature for the factory. Left out: pause,
///         withdrawals, ownership handover, upgrades, passkeys and Solady's `PersonalSign` workflow.
///         Deployed behind Solady's ERC-1967 beacon proxy, whose immutable args are
///         `abi.encode(factory, id)`.
contract TestDepositWallet {
    bytes4 internal constant MAGIC_VALUE = 0x1626ba7e;
    bytes4 internal constant INVALID_VALUE = 0xffffffff;
    bytes32 internal constant SESSION_SIGNER_MAGIC = 0x6492649264926492649264926492649264926492649264926492649264926492;
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant CALL_TYPEHASH = keccak256("Call(address target,uint256 value,bytes data)");
    bytes32 internal constant BATCH_TYPEHASH = keccak256(
        "Batch(address wallet,uint256 nonce,uint256 deadline,Call[] calls)Call(address target,uint256 value,bytes data)"
    );
    uint256 internal constant SECP256K1_HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    /// @notice The wallet's owner (signs batches; never Warden).
    address public owner;
    /// @notice The next batch nonce.
    uint256 public nonce;
    /// @notice Until when (unix seconds, exclusive) a session signer is accepted; 0 = not authorised.
    mapping(address signer => uint256 validUntil) public sessionSignerAuthorizedUntil;

    /// @notice A session signer was authorised until `validUntil`.
    event SessionSignerAuthorized(address indexed sessionSigner, uint256 validUntil);
    /// @notice A session signer's authorisation was removed.
    event SessionSignerRevoked(address indexed sessionSigner);
    /// @notice A batch ran.
    event BatchExecuted(uint256 indexed nonce);

    /// @notice Caller is not the factory.
    error OnlyFactory();
    /// @notice Caller is not the wallet itself (reach it through an owner-signed batch).
    error OnlySelf();
    /// @notice Already initialised.
    error AlreadyInitialized();
    /// @notice Batch without calls.
    error EmptyBatch();
    /// @notice Batch for another wallet.
    error InvalidWallet();
    /// @notice Batch nonce is not the wallet's.
    error InvalidNonce();
    /// @notice Batch deadline passed.
    error Expired();
    /// @notice Batch signature invalid.
    error InvalidSignature();
    /// @notice The session signer is not (or no longer) authorised.
    error SessionSignerUnauthorized();
    /// @notice A session signer's batch may not call the wallet itself.
    error SessionSignerSelfCallNotAllowed();
    /// @notice A call of the batch failed.
    error CallFailed();

    /// @dev Why: `authorizeSessionSigner`/`revokeSessionSigner` must be reachable only through a
    ///      batch the wallet itself executes, i.e. one its owner signed.
    modifier onlySelf() {
        if (msg.sender != address(this)) revert OnlySelf();
        _;
    }

    /// @notice Sets the owner, once, from the factory that deployed the proxy.
    /// @param _owner The owner.
    function initialize(address _owner) external {
        if (msg.sender != factory()) revert OnlyFactory();
        if (owner != address(0)) revert AlreadyInitialized();
        owner = _owner;
    }

    /// @notice The factory, from the proxy's immutable args (its last 64 bytes: `abi.encode(factory, id)`).
    /// @return The factory address.
    function factory() public view returns (address) {
        (address f,) = _args();
        return f;
    }

    /// @notice The wallet id, from the proxy's immutable args.
    /// @return The id (the owner, left-padded, for Polymarket's wallets).
    function id() external view returns (bytes32) {
        (, bytes32 i) = _args();
        return i;
    }

    /// @notice Runs a signed batch. Only the factory (its operator, the relayer) calls this.
    /// @param _batch The batch.
    /// @param _signature The owner's (or a session signer's, enveloped) signature of its EIP-712 digest.
    function execute(Batch calldata _batch, bytes calldata _signature) external {
        if (msg.sender != factory()) revert OnlyFactory();
        if (_batch.calls.length == 0) revert EmptyBatch();
        if (_batch.wallet != address(this)) revert InvalidWallet();
        uint256 executed = nonce;
        nonce = executed + 1;
        if (_batch.nonce != executed) revert InvalidNonce();
        if (block.timestamp > _batch.deadline) revert Expired();
        if (isValidSignature(_hashTypedData(_hashBatch(_batch)), _signature) != MAGIC_VALUE) revert InvalidSignature();
        bool bySession = _envelopeSigner(_signature) != address(0);
        for (uint256 i; i < _batch.calls.length; ++i) {
            Call calldata c = _batch.calls[i];
            // Why: a session signer may never reach the wallet's own onlySelf functions (it would
            // authorise itself or others forever).
            if (bySession && c.target == address(this)) revert SessionSignerSelfCallNotAllowed();
            (bool ok,) = c.target.call{value: c.value}(c.data);
            if (!ok) revert CallFailed();
        }
        emit BatchExecuted(executed);
    }

    /// @notice Authorises a session signer until `_validUntil` (exclusive). onlySelf.
    /// @param _sessionSigner The session signer.
    /// @param _validUntil Unix seconds.
    function authorizeSessionSigner(address _sessionSigner, uint256 _validUntil) external onlySelf {
        sessionSignerAuthorizedUntil[_sessionSigner] = _validUntil;
        emit SessionSignerAuthorized(_sessionSigner, _validUntil);
    }

    /// @notice Revokes a session signer. onlySelf.
    /// @param _sessionSigner The session signer.
    function revokeSessionSigner(address _sessionSigner) external onlySelf {
        sessionSignerAuthorizedUntil[_sessionSigner] = 0;
        emit SessionSignerRevoked(_sessionSigner);
    }

    /// @notice ERC-1271: whether `_signature` is the owner's or an authorised session signer's for `_hash`.
    /// @dev Reverts `SessionSignerUnauthorized` for a session signer past its authorisation, as the
    ///      real wallet does. Callers other than the factory must use ERC-7739 `TypedDataSign`, which
    ///      binds the signature to this wallet (an EOA signing for two wallets cannot be replayed).
    /// @param _hash The digest the caller verifies (the exchange's order hash).
    /// @param _signature The signature, possibly in the session-signer envelope.
    /// @return result The ERC-1271 magic value, or 0xffffffff.
    function isValidSignature(bytes32 _hash, bytes calldata _signature) public view returns (bytes4 result) {
        address signer = _envelopeSigner(_signature);
        bytes calldata inner = _signature;
        if (signer == address(0)) {
            if (_hasEnvelopeMagic(_signature)) return INVALID_VALUE; // malformed envelope: no owner fallback
            signer = owner;
        } else {
            if (block.timestamp >= sessionSignerAuthorizedUntil[signer]) revert SessionSignerUnauthorized();
            inner = _signature[128:128 + uint256(bytes32(_signature[96:128]))];
        }
        if (signer == address(0)) return INVALID_VALUE;
        bool ok = msg.sender == factory() ? _recover(_hash, inner) == signer : _nestedTypedDataSigner(_hash, inner) == signer;
        return ok ? MAGIC_VALUE : INVALID_VALUE;
    }

    /// @notice This wallet's EIP-712 domain separator (`DepositWallet`, `1`).
    /// @return The separator.
    function domainSeparator() public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("DepositWallet"), keccak256("1"), block.chainid, address(this)));
    }

    function _hashTypedData(bytes32 structHash) internal view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash));
    }

    function _hashBatch(Batch calldata b) internal pure returns (bytes32) {
        bytes32[] memory calls = new bytes32[](b.calls.length);
        for (uint256 i; i < b.calls.length; ++i) {
            calls[i] = keccak256(abi.encode(CALL_TYPEHASH, b.calls[i].target, b.calls[i].value, keccak256(b.calls[i].data)));
        }
        return keccak256(abi.encode(BATCH_TYPEHASH, b.wallet, b.nonce, b.deadline, keccak256(abi.encodePacked(calls))));
    }

    function _hasEnvelopeMagic(bytes calldata s) internal pure returns (bool) {
        return s.length >= 32 && bytes32(s[s.length - 32:]) == SESSION_SIGNER_MAGIC;
    }

    /// @dev The session signer of a well-formed envelope (SessionSignerLib.decodeSessionSigner's
    ///      checks: offset 0x60, exact length, kind 0, a non-zero address), else address(0).
    function _envelopeSigner(bytes calldata s) internal pure returns (address) {
        if (s.length < 0xa0 || !_hasEnvelopeMagic(s)) return address(0);
        uint256 signerWord = uint256(bytes32(s[0:32]));
        uint256 innerLength = uint256(bytes32(s[96:128]));
        if (uint256(bytes32(s[32:64])) != 0 || uint256(bytes32(s[64:96])) != 0x60 || innerLength > s.length) return address(0);
        if (s.length != 0xa0 + ((innerLength + 31) & ~uint256(31))) return address(0);
        if (signerWord >> 160 != 0) return address(0);
        return address(uint160(signerWord));
    }

    /// @dev ERC-7739 `TypedDataSign` (implicit mode): `sig ‖ APP_DOMAIN_SEPARATOR ‖ contents ‖
    ///      contentsType ‖ uint16(len)`. The appended domain and contents must rebuild `_hash`; the
    ///      signed digest wraps them with this wallet's domain fields. Returns the signer or 0.
    function _nestedTypedDataSigner(bytes32 _hash, bytes calldata s) internal view returns (address) {
        if (s.length < 65 + 0x42) return address(0);
        uint256 c = uint16(bytes2(s[s.length - 2:]));
        if (c == 0 || s.length < 65 + 0x42 + c) return address(0);
        uint256 o = s.length - 0x42 - c;
        bytes32 appSeparator = bytes32(s[o:o + 32]);
        bytes32 contents = bytes32(s[o + 32:o + 64]);
        bytes calldata contentsType = s[o + 64:o + 64 + c];
        // Why: the signature must be over the very hash the caller checks, not one it picked.
        if (keccak256(abi.encodePacked("\x19\x01", appSeparator, contents)) != _hash) return address(0);
        uint256 n;
        while (n < c && contentsType[n] != "(") {
            bytes1 b = contentsType[n];
            if (b == "," || b == " " || b == ")" || b == 0) return address(0);
            ++n;
        }
        if (n == 0 || n == c || (contentsType[0] >= "a" && contentsType[0] <= "z")) return address(0);
        bytes32 typeHash = keccak256(
            abi.encodePacked(
                "TypedDataSign(",
                contentsType[0:n],
                " contents,string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)",
                contentsType
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(typeHash, contents, keccak256("DepositWallet"), keccak256("1"), block.chainid, address(this), bytes32(0))
        );
        return _recover(keccak256(abi.encodePacked("\x19\x01", appSeparator, structHash)), s[0:o]);
    }

    function _recover(bytes32 digest, bytes calldata sig) internal pure returns (address) {
        if (sig.length != 65) return address(0);
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (uint256(s) > SECP256K1_HALF_N || (v != 27 && v != 28)) return address(0);
        return ecrecover(digest, v, r, s);
    }

    function _args() internal view returns (address f, bytes32 i) {
        bytes memory a = new bytes(64);
        assembly ("memory-safe") {
            extcodecopy(address(), add(a, 0x20), sub(extcodesize(address()), 64), 64)
        }
        (f, i) = abi.decode(a, (address, bytes32));
    }
}
