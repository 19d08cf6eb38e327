// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IWardenModule} from "../interfaces/IWardenModule.sol";

/// @title KnownExchanges
/// @notice The exchanges this module deployment knows, fixed at deployment: up to four
///         `(address, EIP-712 domain version)` pairs. Sessions allow a subset of them by bit mask.
/// @dev Immutables keep the order path free of storage reads for the exchange check; a new
///      exchange means a new module deployment, which is also what a new domain version needs.
abstract contract KnownExchanges is IWardenModule {
    /// @notice `keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")`.
    bytes32 internal constant DOMAIN_TYPEHASH = 0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f;
    /// @notice `keccak256("Polymarket CTF Exchange")`.
    bytes32 internal constant EXCHANGE_NAME_HASH = keccak256("Polymarket CTF Exchange");
    /// @notice Sentinel index for an address that is no known exchange.
    uint256 internal constant NOT_AN_EXCHANGE = type(uint256).max;
    /// @notice At most this many exchanges per deployment.
    uint256 internal constant MAX_EXCHANGES = 4;

    uint256 private immutable _exchangeCount;
    uint256 private immutable _initialChainId;
    address private immutable _exchange0;
    address private immutable _exchange1;
    address private immutable _exchange2;
    address private immutable _exchange3;
    bytes32 private immutable _versionHash0;
    bytes32 private immutable _versionHash1;
    bytes32 private immutable _versionHash2;
    bytes32 private immutable _versionHash3;
    bytes32 private immutable _domain0;
    bytes32 private immutable _domain1;
    bytes32 private immutable _domain2;
    bytes32 private immutable _domain3;

    /// @param exchanges Exchange addresses (distinct, non-zero, at most four).
    /// @param versions EIP-712 domain version of each exchange ("2" for CTFExchangeV2, "3" for ExchangeV3).
    constructor(address[] memory exchanges, string[] memory versions) {
        uint256 count = exchanges.length;
        if (count > MAX_EXCHANGES || count != versions.length) revert InvalidExchangeConfig(count);
        address[MAX_EXCHANGES] memory addrs;
        bytes32[MAX_EXCHANGES] memory versionHashes;
        for (uint256 i; i < count; ++i) {
            if (exchanges[i] == address(0)) revert InvalidExchangeConfig(i);
            for (uint256 j; j < i; ++j) {
                if (exchanges[j] == exchanges[i]) revert InvalidExchangeConfig(i);
            }
            addrs[i] = exchanges[i];
            versionHashes[i] = keccak256(bytes(versions[i]));
        }
        _exchangeCount = count;
        _initialChainId = block.chainid;
        (_exchange0, _exchange1, _exchange2, _exchange3) = (addrs[0], addrs[1], addrs[2], addrs[3]);
        (_versionHash0, _versionHash1, _versionHash2, _versionHash3) =
            (versionHashes[0], versionHashes[1], versionHashes[2], versionHashes[3]);
        _domain0 = _buildDomainSeparator(addrs[0], versionHashes[0]);
        _domain1 = _buildDomainSeparator(addrs[1], versionHashes[1]);
        _domain2 = _buildDomainSeparator(addrs[2], versionHashes[2]);
        _domain3 = _buildDomainSeparator(addrs[3], versionHashes[3]);
    }

    /// @notice The known exchanges, in index order (bit i of a session's exchange mask = entry i).
    /// @return exchanges The exchange addresses.
    function knownExchanges() external view returns (address[] memory exchanges) {
        exchanges = new address[](_exchangeCount);
        for (uint256 i; i < _exchangeCount; ++i) {
            exchanges[i] = _exchangeAt(i);
        }
    }

    /// @notice EIP-712 domain separator of a known exchange on the current chain.
    /// @param exchange The exchange address.
    /// @return separator The domain separator (reverts with `InvalidExchangeConfig` if unknown).
    function exchangeDomainSeparator(address exchange) external view returns (bytes32 separator) {
        uint256 index = _exchangeIndex(exchange);
        if (index == NOT_AN_EXCHANGE) revert InvalidExchangeConfig(index);
        return _domainSeparatorAt(index);
    }

    function _exchangeCountKnown() internal view returns (uint256) {
        return _exchangeCount;
    }

    /// @dev Linear scan over at most four immutables: no storage read.
    function _exchangeIndex(address account) internal view returns (uint256) {
        if (account == address(0)) return NOT_AN_EXCHANGE;
        if (account == _exchange0) return 0;
        if (account == _exchange1) return 1;
        if (account == _exchange2) return 2;
        if (account == _exchange3) return 3;
        return NOT_AN_EXCHANGE;
    }

    /// @dev True if `account` is a known exchange whose bit is set in `mask`.
    function _isAllowedExchange(address account, uint8 mask) internal view returns (bool) {
        uint256 index = _exchangeIndex(account);
        return index != NOT_AN_EXCHANGE && (uint256(mask) >> index) & 1 == 1;
    }

    function _exchangeAt(uint256 index) internal view returns (address) {
        if (index == 0) return _exchange0;
        if (index == 1) return _exchange1;
        if (index == 2) return _exchange2;
        return _exchange3;
    }

    /// @dev Cached separators are only valid on the deployment chain; a fork recomputes them, so a
    ///      signature for one chain id never verifies on another.
    function _domainSeparatorAt(uint256 index) internal view returns (bytes32) {
        if (block.chainid == _initialChainId) {
            if (index == 0) return _domain0;
            if (index == 1) return _domain1;
            if (index == 2) return _domain2;
            return _domain3;
        }
        bytes32 versionHash = index == 0
            ? _versionHash0
            : index == 1 ? _versionHash1 : index == 2 ? _versionHash2 : _versionHash3;
        return _buildDomainSeparator(_exchangeAt(index), versionHash);
    }

    function _buildDomainSeparator(address exchange, bytes32 versionHash) private view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, EXCHANGE_NAME_HASH, versionHash, block.chainid, exchange));
    }
}
