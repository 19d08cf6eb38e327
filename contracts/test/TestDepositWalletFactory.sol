// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Batch} from "./TestDepositWallet.sol";

/// @notice The wallet surface the factory drives.
interface ITestDepositWallet {
    /// @notice Sets the owner once.
    function initialize(address owner) external;
    /// @notice Runs a signed batch (factory only).
    function execute(Batch calldata batch, bytes calldata signature) external;
}

/// @title TestDepositWalletBeacon
/// @notice TEST ONLY. The beacon a wallet proxy asks for its implementation (`implementation()`).
contract TestDepositWalletBeacon {
    /// @notice The wallet implementation.
    address public immutable implementation;

    /// @param _implementation The wallet implementation.
    constructor(address _implementation) {
        implementation = _implementation;
    }
}

/// @title TestDepositWalletFactory
/// @notice TEST ONLY. The deploy-and-proxy surface of Polymarket's DepositWalletFactory, from the
///         facts: the operator (Polymarket's relayer) deploys each owner's wallet at a deterministic
///         address — CREATE2, salt `keccak256(abi.encode(factory, id))`, Solady's ERC-1967 beacon
///         proxy with immutable args `abi.encode(factory, id)`, id = the owner left-padded — and
///         forwards owner-signed batches to the wallets' `execute` (`proxy`). The init code is
///         assembled here, independently of Warden's TypeScript derivation, so a test comparing
///         the two addresses checks that derivation. Placed at the factory's Polygon address with
///         `hardhat_setCode` (its runtime depends only on the beacon immutable).
contract TestDepositWalletFactory {
    /// @notice The beacon every wallet proxy reads its implementation from.
    address public immutable beacon;
    /// @notice The operator (the relayer); set once by `setOperator`.
    address public operator;

    /// @notice A wallet was deployed.
    event WalletDeployed(address indexed wallet, address indexed owner, bytes32 indexed id);

    /// @notice Caller is not the operator.
    error OnlyOperator();
    /// @notice The operator is already set.
    error OperatorAlreadySet();
    /// @notice Owners and ids differ in length.
    error ArrayLengthMismatch();
    /// @notice CREATE2 failed (the wallet exists).
    error DeploymentFailed();

    /// @param _beacon The beacon.
    constructor(address _beacon) {
        beacon = _beacon;
    }

    /// @notice Sets the operator the first time (storage does not travel with `hardhat_setCode`).
    /// @param _operator The operator.
    function setOperator(address _operator) external {
        if (operator != address(0)) revert OperatorAlreadySet();
        operator = _operator;
    }

    /// @notice Deploys wallets (operator only).
    /// @param _owners Their owners.
    /// @param _ids Their ids.
    function deploy(address[] calldata _owners, bytes32[] calldata _ids) external {
        if (msg.sender != operator) revert OnlyOperator();
        if (_owners.length != _ids.length) revert ArrayLengthMismatch();
        for (uint256 i; i < _owners.length; ++i) {
            bytes memory args = abi.encode(address(this), _ids[i]);
            bytes memory code = _beaconProxyInitCode(args);
            bytes32 salt = keccak256(args);
            address wallet;
            assembly ("memory-safe") {
                wallet := create2(0, add(code, 0x20), mload(code), salt)
            }
            if (wallet == address(0)) revert DeploymentFailed();
            ITestDepositWallet(wallet).initialize(_owners[i]);
            emit WalletDeployed(wallet, _owners[i], _ids[i]);
        }
    }

    /// @notice Forwards batches to their wallets (operator only).
    /// @param _batches The batches.
    /// @param _signatures Their signatures.
    function proxy(Batch[] calldata _batches, bytes[] calldata _signatures) external {
        if (msg.sender != operator) revert OnlyOperator();
        if (_batches.length != _signatures.length) revert ArrayLengthMismatch();
        for (uint256 i; i < _batches.length; ++i) {
            ITestDepositWallet(_batches[i].wallet).execute(_batches[i], _signatures[i]);
        }
    }

    /// @dev Solady LibClone `initCodeERC1967BeaconProxy(beacon, args)`: a creation prefix whose
    ///      PUSH2 is the runtime size (0x52 + args), the beacon, the runtime, then the args.
    function _beaconProxyInitCode(bytes memory args) internal view returns (bytes memory) {
        uint80 prefix = uint80(0x6100523d8160233d3973 + (args.length << 56));
        return abi.encodePacked(
            prefix,
            beacon,
            hex"60195155f3363d3d373d3d363d602036600436635c60da",
            hex"1b60e01b36527fa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6c",
            hex"b3582b35133d50545afa5036515af43d6000803e604d573d6000fd5b3d6000f3",
            args
        );
    }
}
