// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {WardenModule} from "../../contracts/WardenModule.sol";
import {CallPermission, SessionGrant, SessionLimits, Status} from "../../contracts/interfaces/IWardenModule.sol";
import {TestCTFExchangeV2} from "../../contracts/test/TestCTFExchangeV2.sol";
import {TestCallTarget} from "../../contracts/test/TestCallTarget.sol";
import {TestSafeStub} from "../../contracts/test/TestSafeStub.sol";
import {WardenSpec} from "./helpers/WardenSpec.sol";

interface Vm {
    function warp(uint256) external;
    function prank(address) external;
    function addr(uint256 privateKey) external returns (address);
    function sign(uint256 privateKey, bytes32 digest) external returns (uint8 v, bytes32 r, bytes32 s);
}

/// @notice Stateless fuzzing of each checker (goal G4: ≥ 10,000 runs per checker): calldata,
///         type hash, operation, the order cap and price band on both sides, and the session
///         binding of order signatures.
contract WardenModuleFuzzTest {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    bytes32 internal constant ORDER_TYPEHASH = 0xbb86318a2138f5fa8ae32fbe8e659f8fcf13cc6ae4014a707893055433818589;
    uint256 internal constant KEY_PK = 0xA11CE;
    uint64 internal constant CAP = 1_000_000_000;
    /// The band of the fuzzed session: SELL at 0.30 or more, BUY at 0.70 or less.
    uint32 internal constant MIN_SELL = 300_000;
    uint32 internal constant MAX_BUY = 700_000;
    bytes4[5] internal SELECTORS = [bytes4(0x095ea7b3), 0x62355638, 0x72ce4275, 0xc0c3132c, 0xa22cb465];
    /// The whole catalogue (CallScope.sol).
    bytes4[13] internal CATALOGUE = [
        bytes4(0x095ea7b3), 0xa22cb465, 0x62355638, 0x8cc7104f, 0x72ce4275, 0x9e7212ad, 0x01b7037c, 0xdbeccb23,
        0xc0c3132c, 0x4cce30c9, 0xa9059cbb, 0x23b872dd, 0xf242432a
    ];

    WardenModule internal module;
    TestSafeStub internal safe;
    TestCTFExchangeV2 internal exchange;
    address internal target;
    address internal key;
    bytes32 internal sessionId;
    /// A second live session of the same key, and a revoked third one.
    bytes32 internal sessionB;
    bytes32 internal sessionRevoked;

    function setUp() public {
        vm.warp(1_800_000_000);
        exchange = new TestCTFExchangeV2("2");
        address[] memory exchanges = new address[](1);
        exchanges[0] = address(exchange);
        string[] memory versions = new string[](1);
        versions[0] = "2";
        module = new WardenModule(exchanges, versions);
        safe = new TestSafeStub(address(module));
        target = address(new TestCallTarget());
        key = vm.addr(KEY_PK);
        CallPermission[] memory calls = new CallPermission[](13);
        for (uint256 i; i < 13; ++i) {
            calls[i] = CallPermission(target, CATALOGUE[i]);
        }
        address[] memory recipients = new address[](1);
        recipients[0] = address(0xBEEF);
        SessionLimits memory limits = SessionLimits({
            validUntil: uint40(block.timestamp + 1 days),
            maxOrderAgeSec: 3600,
            maxPerCallMicroUsd: CAP,
            minSellPriceMicroUsd: MIN_SELL,
            maxBuyPriceMicroUsd: MAX_BUY,
            maxCalls: 1_000_000,
            maxValuePerCallWei: 0,
            exchangeMask: 1,
            strategy: 0,
            tokenAllowlist: false
        });
        SessionGrant memory g = SessionGrant(key, limits, calls, new address[](0), recipients, new uint256[](0));
        sessionId = _grant(g);
        sessionB = _grant(g);
        sessionRevoked = _grant(g);
        require(safe.run(address(module), abi.encodeCall(module.revokeSession, (sessionRevoked))), "revoke");
    }

    function _grant(SessionGrant memory g) internal returns (bytes32 id) {
        id = module.nextSessionId(address(safe));
        require(safe.run(address(module), abi.encodeCall(module.grantSession, (g))), "grant");
    }

    /// Any calldata the checker accepts is the canonical ABI encoding of in-scope arguments (S7/S8).
    /// hardhat-config: fuzz.runs = 10000
    function testFuzz_acceptedCalldataIsCanonicalAndInScope(uint8 pick, bytes calldata tail) public view {
        bytes4 selector = SELECTORS[pick % 5];
        bytes memory data = abi.encodePacked(selector, tail);
        (Status status,) = module.checkCall(address(safe), sessionId, key, target, 0, data);
        if (status != Status.Ok) return;
        if (selector == 0x095ea7b3) {
            (address spender, uint256 amount) = abi.decode(tail, (address, uint256));
            require(keccak256(abi.encodeWithSelector(selector, spender, amount)) == keccak256(data), "approve not canonical");
            require(spender == address(exchange) && amount <= CAP, "approve out of scope");
        } else if (selector == 0x62355638) {
            (address asset, address to, uint256 amount) = abi.decode(tail, (address, address, uint256));
            require(keccak256(abi.encodeWithSelector(selector, asset, to, amount)) == keccak256(data), "wrap not canonical");
            require(to == address(safe) && amount <= CAP, "wrap out of scope");
        } else if (selector == 0x72ce4275) {
            (address c, bytes32 p, bytes32 q, uint256[] memory partition, uint256 amount) =
                abi.decode(tail, (address, bytes32, bytes32, uint256[], uint256));
            require(keccak256(abi.encodeWithSelector(selector, c, p, q, partition, amount)) == keccak256(data), "split not canonical");
            require(amount <= CAP, "split out of scope");
        } else if (selector == 0xc0c3132c) {
            require(tail.length == 0, "pauseUser with arguments");
        } else {
            (address operator, bool approved) = abi.decode(tail, (address, bool));
            require(keccak256(abi.encodeWithSelector(selector, operator, approved)) == keccak256(data), "setApprovalForAll not canonical");
            require(operator == address(exchange), "operator out of scope");
        }
    }

    /// The checker returns a status for any calldata under any catalogue selector; it never reverts
    /// (every word is read only after the length that contains it is checked).
    /// hardhat-config: fuzz.runs = 10000
    function testFuzz_checkerNeverReverts(uint8 pick, bytes calldata tail) public view {
        bytes memory data = abi.encodePacked(CATALOGUE[pick % 13], tail);
        module.checkCall(address(safe), sessionId, key, target, 0, data);
        module.checkCall(address(safe), sessionId, key, target, 0, abi.encodePacked(CATALOGUE[pick % 13], tail.length > 3 ? tail[0:3] : tail));
    }

    /// Structured inputs near the valid ones: canonical approve, wrap and split with random
    /// arguments are accepted exactly when in scope.
    /// hardhat-config: fuzz.runs = 10000
    function testFuzz_structuredCallsAcceptedIffInScope(uint8 pick, address a, uint256 amount, uint256[] calldata partition)
        public
        view
    {
        uint256 kind = pick % 3;
        bytes memory data;
        bool inScope;
        if (kind == 0) {
            data = abi.encodeWithSelector(bytes4(0x095ea7b3), a, amount);
            inScope = a == address(exchange) && amount <= CAP;
        } else if (kind == 1) {
            data = abi.encodeWithSelector(bytes4(0x62355638), address(exchange), a, amount);
            inScope = a == address(safe) && amount <= CAP;
        } else {
            data = abi.encodeWithSelector(bytes4(0x72ce4275), a, bytes32(0), bytes32(amount), partition, amount);
            inScope = amount <= CAP && partition.length <= 256;
        }
        (Status status,) = module.checkCall(address(safe), sessionId, key, target, 0, data);
        require((status == Status.Ok) == inScope, "structured call verdict differs from scope");
    }

    /// An order is accepted only under the V2 order type hash.
    /// hardhat-config: fuzz.runs = 10000
    function testFuzz_onlyTheOrderTypeHash(bytes32 typeHash, uint64 notional) public {
        // A BUY at 0.50, inside the band: only the type hash and the cap decide.
        bytes memory encodeData = _order(0, notional, uint256(notional) * 2);
        (Status status,) = _verdict(typeHash, encodeData, sessionId, sessionId);
        require(
            (status == Status.Ok) == (typeHash == ORDER_TYPEHASH && notional != 0 && notional <= CAP),
            "type hash or cap verdict wrong"
        );
    }

    /// Item 1, both sides: the cap bounds makerAmount (what the Safe gives), zero amounts are
    /// refused, and the price band holds exactly at its bounds. The model judges the price by exact
    /// division (ceil for a BUY, floor for a SELL), not by the module's cross-multiplication.
    /// hardhat-config: fuzz.runs = 10000
    function testFuzz_orderCapAndPriceBandBothSides(bool sell, uint256 makerSeed, uint256 takerSeed, uint8 mode)
        public
    {
        // Mostly amounts around the cap and the band's edge, sometimes any word at all.
        uint256 makerAmount = mode % 4 == 0 ? makerSeed : makerSeed % (uint256(CAP) + 2);
        uint256 takerAmount = (mode >> 2) % 2 == 0 ? takerSeed : _nearBandEdge(sell, makerAmount, takerSeed);
        bytes memory encodeData = _order(sell ? 1 : 0, makerAmount, takerAmount);
        (Status status, bytes32 info) = _verdict(ORDER_TYPEHASH, encodeData, sessionId, sessionId);

        Status expected;
        if (makerAmount > CAP) expected = Status.SizeCapExceeded;
        else if (makerAmount == 0 || takerAmount == 0) expected = Status.ZeroAmount;
        else if (!WardenSpec.inPriceBand(sell, makerAmount, takerAmount, MIN_SELL, MAX_BUY)) expected = Status.PriceOutOfBand;
        else expected = Status.Ok;
        require(status == expected, "cap or band verdict differs from the model");
        if (expected == Status.SizeCapExceeded) require(uint256(info) == makerAmount, "cap info is not makerAmount");
        if (expected == Status.PriceOutOfBand) {
            // The reported price lies strictly past the bound it crossed.
            require(sell ? uint256(info) < MIN_SELL : uint256(info) > MAX_BUY, "band info not past the bound");
        }
    }

    /// Item 2: a signature made under one session validates under that session's id only — never
    /// under another live session of the same key, a revoked one, or any other id.
    /// hardhat-config: fuzz.runs = 10000
    function testFuzz_signatureBoundToSession(uint8 signedPick, uint8 presentedPick, bytes32 otherId, uint64 notional)
        public
    {
        bytes32[4] memory ids = [sessionId, sessionB, sessionRevoked, otherId];
        bytes32 signedId = ids[signedPick % 3];
        bytes32 presentedId = ids[presentedPick % 4];
        notional = notional % CAP + 1;
        (Status status,) = _verdict(ORDER_TYPEHASH, _order(0, notional, uint256(notional) * 2), signedId, presentedId);
        bool expected = presentedId == signedId && signedId != sessionRevoked;
        require((status == Status.Ok) == expected, "signature accepted under another session");
        if (presentedId != signedId && (presentedId == sessionId || presentedId == sessionB)) {
            require(status == Status.WrongSessionKey, "swapped id not refused as WrongSessionKey");
        }
    }

    /// An order of the fuzzed shape: salt 1, maker = signer = the Safe, token 7, POLY_1271, now.
    function _order(uint256 side, uint256 makerAmount, uint256 takerAmount) internal view returns (bytes memory) {
        return abi.encode(
            uint256(1), address(safe), address(safe), uint256(7), makerAmount, takerAmount, side, uint8(3),
            block.timestamp * 1000, bytes32(0), bytes32(0)
        );
    }

    /// The module's verdict on an order signed by the key under `signedId`, posted with `presentedId`.
    function _verdict(bytes32 typeHash, bytes memory encodeData, bytes32 signedId, bytes32 presentedId)
        internal
        returns (Status status, bytes32 info)
    {
        bytes32 ds = exchange.domainSeparator();
        bytes32 digest = keccak256(abi.encodePacked(hex"1901", ds, keccak256(abi.encodePacked(typeHash, encodeData))));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(KEY_PK, WardenSpec.sessionDigest(address(module), signedId, digest));
        (, status, info) = module.checkOrder(
            address(safe), address(exchange), digest, ds, typeHash, encodeData, abi.encodePacked(presentedId, r, s, v)
        );
    }

    /// A takerAmount within two units of the band's edge for this makerAmount.
    function _nearBandEdge(bool sell, uint256 makerAmount, uint256 roll) internal pure returns (uint256) {
        if (makerAmount > CAP) return roll; // refused by the cap anyway
        uint256 edge = sell ? makerAmount * MIN_SELL / 1e6 : makerAmount * 1e6 / MAX_BUY;
        uint256 offset = roll % 5;
        return edge + offset >= 2 ? edge + offset - 2 : 0;
    }

    /// Whatever the session key sends, the module never asks the Safe for a DELEGATECALL.
    /// hardhat-config: fuzz.runs = 10000
    function testFuzz_neverDelegateCall(uint8 pick, bytes calldata tail, uint256 value) public {
        vm.prank(key);
        try module.execute(address(safe), sessionId, target, value % 2, abi.encodePacked(SELECTORS[pick % 5], tail)) {} catch {}
        require(!safe.sawDelegateCall(), "DELEGATECALL requested");
    }
}
