// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {WardenModule} from "../../contracts/WardenModule.sol";
import {CallPermission, SessionGrant, SessionLimits, Status} from "../../contracts/interfaces/IWardenModule.sol";
import {TestCTFExchangeV2} from "../../contracts/test/TestCTFExchangeV2.sol";
import {TestCallTarget} from "../../contracts/test/TestCallTarget.sol";
import {TestPUSD} from "../../contracts/test/TestPUSD.sol";
import {TestSafeStub} from "../../contracts/test/TestSafeStub.sol";
import {WardenSpec} from "./helpers/WardenSpec.sol";

/// Foundry-compatible cheatcodes (no forge-std here).
interface Vm {
    function warp(uint256) external;
    function prank(address) external;
    function addr(uint256 privateKey) external returns (address);
    function sign(uint256 privateKey, bytes32 digest) external returns (uint8 v, bytes32 r, bytes32 s);
}

/// @notice Drives the module with random grants, revokes, pauses, updates, calls and orders, and
///         keeps an independent model of what the scope allows. Any accepted call or order the
///         model calls out of scope sets a flag the invariants read.
contract WardenHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    bytes32 internal constant ORDER_TYPEHASH = 0xbb86318a2138f5fa8ae32fbe8e659f8fcf13cc6ae4014a707893055433818589;
    uint256 internal constant MAX_SESSIONS = 8;

    struct Model {
        bytes32 id;
        uint256 pk;
        address key;
        SessionLimits limits;
        uint256 used;
        bool revoked;
        bool paused;
        bool approvePair;
        bool pausePair;
        bool wrapPair;
        bool rampSpender;
        uint256 token;
    }

    WardenModule public immutable module;
    TestSafeStub public immutable safe;
    TestPUSD public immutable pusd;
    TestCallTarget public immutable target;
    address[3] internal exchanges;

    Model[] internal sessions;
    bool internal safePaused;
    uint64 internal pausedStrategies;
    mapping(bytes32 => bool) internal seenIds;

    // Flags read by the invariants.
    bool public acceptedOutOfScopeCall;
    bool public acceptedOutOfScopeOrder;
    bool public refusedInScope;
    bool public regrantRestoredState;
    uint256 public acceptedCalls;
    uint256 public acceptedOrders;

    constructor(WardenModule module_, TestPUSD pusd_, TestCallTarget target_, address[3] memory exchanges_) {
        module = module_;
        pusd = pusd_;
        target = target_;
        exchanges = exchanges_;
        safe = new TestSafeStub(address(module_));
        pusd_.mint(address(safe), 10 ** 15);
    }

    // --- admin actions (the Safe) ---

    /// One entry for the rarer admin actions, so grants, calls and orders each get a quarter of
    /// the fuzzer's steps.
    function admin(uint256 op, uint256 index, uint256 seed) external {
        op = op % 7;
        if (op == 0) _regrant(index, seed);
        else if (op == 1) _revoke(index);
        else if (op == 2) _pauseSession(index, uint8(seed));
        else if (op == 3) _pauseStrategy(uint8(index), uint8(seed));
        else if (op == 4) _pauseSafe(uint8(seed));
        else if (op == 5) _updateLimits(index, seed);
        else _warp(uint16(seed));
    }

    /// A new session; one in three goes to the key of an existing session, so one key often holds
    /// several live sessions (what the session binding of order signatures is about).
    function grant(uint256 seed) external {
        if (sessions.length >= MAX_SESSIONS) return;
        uint256 spread = _spread(seed);
        bool sharedKey = sessions.length != 0 && (spread >> 200) % 3 == 0;
        _grant(seed, sharedKey ? sessions[(spread >> 204) % sessions.length].pk : 0);
    }

    /// A second grant to a revoked session's key: must start from nothing.
    function _regrant(uint256 index, uint256 seed) internal {
        if (sessions.length == 0 || sessions.length >= MAX_SESSIONS) return;
        Model storage old = sessions[index % sessions.length];
        if (!old.revoked) return;
        uint256 oldIndex = index % sessions.length;
        Model storage fresh = sessions[_grant(seed, old.pk)];
        Model storage previous = sessions[oldIndex];
        (,, uint32 callsLeft,,,) = module.getSession(address(safe), fresh.id);
        if (fresh.id == previous.id || callsLeft != fresh.limits.maxCalls) regrantRestoredState = true;
        if (!fresh.approvePair && module.isCallAllowed(fresh.id, address(pusd), pusd.approve.selector)) regrantRestoredState = true;
        if (!fresh.limits.tokenAllowlist && module.isTokenAllowed(fresh.id, previous.token) && fresh.token != previous.token) {
            regrantRestoredState = true;
        }
        (,,, bool revoked,,) = module.getSession(address(safe), previous.id);
        if (!revoked) regrantRestoredState = true;
    }

    function _revoke(uint256 index) internal {
        if (sessions.length == 0) return;
        Model storage s = sessions[index % sessions.length];
        if (s.revoked) return;
        safe.run(address(module), abi.encodeCall(module.revokeSession, (s.id)));
        s.revoked = true;
    }

    function _pauseSession(uint256 index, uint8 pauseRoll) internal {
        // Unpausing is three times likelier, so sessions spend most of a run live.
        bool pause = pauseRoll % 4 == 0;
        if (sessions.length == 0) return;
        Model storage s = sessions[index % sessions.length];
        if (s.revoked) return;
        bytes memory data = pause
            ? abi.encodeCall(module.pauseSession, (address(safe), s.id))
            : abi.encodeCall(module.unpauseSession, (s.id));
        if (safe.run(address(module), data)) s.paused = pause;
    }

    function _pauseStrategy(uint8 strategy, uint8 pauseRoll) internal {
        bool pause = pauseRoll % 4 == 0;
        strategy = strategy % 4;
        bytes memory data = pause
            ? abi.encodeCall(module.pauseStrategy, (address(safe), strategy))
            : abi.encodeCall(module.unpauseStrategy, (strategy));
        safe.run(address(module), data);
        pausedStrategies = pause ? pausedStrategies | uint64(1) << strategy : pausedStrategies & ~(uint64(1) << strategy);
    }

    function _pauseSafe(uint8 pauseRoll) internal {
        bool pause = pauseRoll % 4 == 0;
        bytes memory data = pause ? abi.encodeCall(module.pauseSafe, (address(safe), false)) : abi.encodeCall(module.unpauseSafe, (false));
        safe.run(address(module), data);
        safePaused = pause;
    }

    function _updateLimits(uint256 index, uint256 seed) internal {
        if (sessions.length == 0) return;
        Model storage s = sessions[index % sessions.length];
        if (s.revoked) return;
        SessionLimits memory limits = _limits(seed);
        limits.tokenAllowlist = s.limits.tokenAllowlist;
        if (safe.run(address(module), abi.encodeCall(module.updateSessionLimits, (s.id, limits)))) {
            // Spent stays spent: the model keeps `used`, the new budget counts from it.
            s.limits = limits;
            if (limits.maxCalls > maxEverGranted[s.id]) maxEverGranted[s.id] = limits.maxCalls;
        }
    }

    function _warp(uint16 seconds_) internal {
        // Up to ten minutes a step: sessions live for up to about five hours.
        vm.warp(block.timestamp + seconds_ % 600);
    }

    // --- session actions ---

    /// A call through the module. Choices are biased towards valid ones and the cap boundary, so
    /// a run both accepts calls and probes each rule one step past its limit.
    function call(uint256 index, uint256 seed) external {
        if (sessions.length == 0) return;
        seed = _spread(seed);
        Model storage s = sessions[index % sessions.length];
        uint256 kind = seed % 8;
        uint256 amount = _nearCap(seed >> 8, s.limits.maxPerCallMicroUsd);
        uint256 spenderRoll = (seed >> 16) % 8;
        address spender = spenderRoll < 5
            ? exchanges[(seed >> 20) % 3]
            : spenderRoll < 7 ? address(target) : address(0xBEEF);
        address to;
        bytes memory data;
        bool argsOk;
        bool pairOk;
        if (kind < 4) {
            (to, data) = (address(pusd), abi.encodeCall(pusd.approve, (spender, amount)));
            argsOk = amount <= s.limits.maxPerCallMicroUsd && (_exchangeAllowed(s, spender) || (spender == address(target) && s.rampSpender));
            pairOk = s.approvePair;
        } else if (kind < 6) {
            (to, data) = (address(target), abi.encodeWithSelector(bytes4(0xc0c3132c)));
            argsOk = true;
            pairOk = s.pausePair;
        } else if (kind == 6) {
            address beneficiary = (seed >> 32) % 8 == 0 ? address(0xBEEF) : address(safe);
            (to, data) = (address(target), abi.encodeWithSelector(bytes4(0x62355638), address(pusd), beneficiary, amount));
            argsOk = beneficiary == address(safe) && amount <= s.limits.maxPerCallMicroUsd;
            pairOk = s.wrapPair;
        } else {
            // Never granted: a transfer out, and a call straight at the Safe (enableModule).
            (to, data) = (seed >> 32) % 2 == 0
                ? (address(pusd), abi.encodeCall(pusd.transfer, (address(0xBEEF), 1)))
                : (address(safe), abi.encodeWithSelector(bytes4(0x610b5925), address(0xBEEF)));
            argsOk = false;
            pairOk = false;
        }
        address caller = (seed >> 40) % 16 == 0 ? address(0xBAD) : s.key;
        uint256 value = (seed >> 44) % 16 == 0 ? 1 : 0;
        bool expected = _live(s) && caller == s.key && pairOk && argsOk && value <= s.limits.maxValuePerCallWei
            && s.used < s.limits.maxCalls;

        vm.prank(caller);
        try module.execute(address(safe), s.id, to, value, data) {
            ++acceptedCalls;
            ++s.used;
            if (!expected) acceptedOutOfScopeCall = true;
        } catch {
            if (expected) refusedInScope = true;
        }
    }

    /// An order as the exchange would present it to the module (through the Safe's handler).
    /// Amounts probe the cap (on makerAmount, both sides) and the band's edges; one order in eight
    /// is posted under another session's id (preferably one of the same key, as after a re-grant).
    function order(uint256 index, uint256 seed) external {
        if (sessions.length == 0) return;
        seed = _spread(seed);
        Model storage s = sessions[index % sessions.length];
        uint256 exchangeIndex = seed % 3;
        bool sell = (seed >> 2) & 1 == 1;
        uint256 makerAmount = _nearCap(seed >> 3, s.limits.maxPerCallMicroUsd);
        uint256 takerAmount = _takerNearBand(seed >> 120, sell, makerAmount, s.limits);
        uint256 tokenId = (seed >> 11) % 4 == 0 ? s.token + 1 : s.token;
        address maker = (seed >> 13) % 16 == 0 ? address(0xBEEF) : address(safe);
        uint256 sigType = (seed >> 17) % 16 == 0 ? 0 : 3;
        bool wrongKey = (seed >> 21) % 16 == 0;
        uint256 timestampMs = _timestampNearBounds(seed >> 25, s.limits.maxOrderAgeSec);
        bytes memory encodeData = abi.encode(
            seed, maker, address(safe), tokenId, makerAmount, takerAmount, sell ? 1 : 0, sigType, timestampMs,
            bytes32(0), bytes32(0)
        );
        TestCTFExchangeV2 exchange = TestCTFExchangeV2(exchanges[exchangeIndex]);
        bytes32 domainSeparator = exchange.domainSeparator();
        bytes32 digest = keccak256(abi.encodePacked(hex"1901", domainSeparator, keccak256(abi.encodePacked(ORDER_TYPEHASH, encodeData))));
        (uint8 v, bytes32 r, bytes32 sig) = vm.sign(wrongKey ? s.pk + 1 : s.pk, WardenSpec.sessionDigest(address(module), s.id, digest));
        bytes32 presentedId = (seed >> 60) % 8 == 0 ? _otherSession(index % sessions.length, seed >> 64) : s.id;
        bytes memory payload = abi.encodePacked(presentedId, r, sig, v);

        bool expected = presentedId == s.id && _live(s) && !wrongKey && maker == address(safe) && sigType == 3
            && (uint256(s.limits.exchangeMask) >> exchangeIndex) & 1 == 1 && makerAmount <= s.limits.maxPerCallMicroUsd
            && WardenSpec.inPriceBand(sell, makerAmount, takerAmount, s.limits.minSellPriceMicroUsd, s.limits.maxBuyPriceMicroUsd)
            && (!s.limits.tokenAllowlist || tokenId == s.token) && timestampMs <= (block.timestamp + 60) * 1000
            && block.timestamp * 1000 <= timestampMs + uint256(s.limits.maxOrderAgeSec) * 1000;
        bytes4 magic = module.isValidSafeSignature(
            address(safe), address(exchange), digest, domainSeparator, ORDER_TYPEHASH, encodeData, payload
        );
        if (magic == 0x1626ba7e) {
            ++acceptedOrders;
            if (!expected) acceptedOutOfScopeOrder = true;
        } else if (expected) {
            refusedInScope = true;
        }
    }

    // --- views for the invariants ---

    function sessionCount() external view returns (uint256) {
        return sessions.length;
    }

    function spentWithinCap(uint256 i) external view returns (bool) {
        Model storage s = sessions[i];
        (, SessionLimits memory limits, uint32 callsLeft,,, uint32 callsUsed) = module.getSession(address(safe), s.id);
        // The on-chain count is the model's count of successful calls; it never passes the highest
        // budget ever granted, and what is left never exceeds the current budget.
        return callsUsed == s.used && s.used <= maxEverGranted[s.id]
            && (callsLeft == 0 || uint256(callsLeft) + callsUsed == limits.maxCalls);
    }

    function revokedStaysRevoked(uint256 i) external view returns (bool) {
        Model storage s = sessions[i];
        (,,, bool revoked,,) = module.getSession(address(safe), s.id);
        return revoked == s.revoked;
    }

    // --- internals ---

    function _grant(uint256 seed, uint256 pk) internal returns (uint256 index) {
        seed = _spread(seed);
        if (pk == 0) pk = uint256(keccak256(abi.encode(seed, sessions.length))) % 1e70 + 1;
        SessionLimits memory limits = _limits(seed);
        limits.tokenAllowlist = (seed >> 100) & 1 == 1;
        bool approvePair = (seed >> 101) % 4 != 0;
        bool pausePair = (seed >> 103) % 4 != 0;
        bool wrapPair = (seed >> 105) % 4 != 0;
        bool rampSpender = (seed >> 107) & 1 == 1;
        uint256 token = seed >> 110 & 0xff;

        uint256 pairCount = (approvePair ? 1 : 0) + (pausePair ? 1 : 0) + (wrapPair ? 1 : 0);
        CallPermission[] memory calls = new CallPermission[](pairCount);
        uint256 n;
        if (approvePair) calls[n++] = CallPermission(address(pusd), pusd.approve.selector);
        if (pausePair) calls[n++] = CallPermission(address(target), bytes4(0xc0c3132c));
        if (wrapPair) calls[n++] = CallPermission(address(target), bytes4(0x62355638));
        address[] memory spenders = new address[](rampSpender ? 1 : 0);
        if (rampSpender) spenders[0] = address(target);
        uint256[] memory tokenIds = new uint256[](1);
        tokenIds[0] = token;

        SessionGrant memory g = SessionGrant(vm.addr(pk), limits, calls, spenders, new address[](0), tokenIds);
        bytes32 id = module.nextSessionId(address(safe));
        require(safe.run(address(module), abi.encodeCall(module.grantSession, (g))), "grant failed");
        if (seenIds[id]) regrantRestoredState = true;
        seenIds[id] = true;
        sessions.push(Model(id, pk, g.key, limits, 0, false, false, approvePair, pausePair, wrapPair, rampSpender, token));
        maxEverGranted[id] = limits.maxCalls;
        return sessions.length - 1;
    }

    mapping(bytes32 => uint256) internal maxEverGranted;

    function _limits(uint256 seed) internal view returns (SessionLimits memory) {
        return SessionLimits({
            validUntil: uint40(block.timestamp + (seed >> 8) % 18_000),
            maxOrderAgeSec: uint32((seed >> 24) % 7_200),
            maxPerCallMicroUsd: uint64((seed >> 40) % 2e9),
            minSellPriceMicroUsd: _bandBound(seed >> 120, 0),
            maxBuyPriceMicroUsd: _bandBound(seed >> 140, 1e6),
            maxCalls: uint32((seed >> 72) % 8),
            maxValuePerCallWei: 0,
            exchangeMask: uint8(1 + (seed >> 80) % 7),
            strategy: uint8((seed >> 88) % 4),
            tokenAllowlist: false
        });
    }

    /// Half the time the bound that means "no bound" (0 for SELL, 1e6 for BUY), else anywhere in
    /// [0, 1e6], ends included.
    function _bandBound(uint256 roll, uint32 open) internal pure returns (uint32) {
        uint256 pick = roll % 8;
        if (pick < 4) return open;
        if (pick == 4) return 0;
        if (pick == 5) return 1e6;
        return uint32((roll >> 3) % 1_000_001);
    }

    /// The fuzzer favours edge values (0, max, values seen in storage); hashing spreads them so
    /// every biased choice below keeps its intended odds.
    function _spread(uint256 seed) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed)));
    }

    /// Below, at, or one past the cap, or anywhere up to 3,000 pUSD.
    function _nearCap(uint256 roll, uint256 cap) internal pure returns (uint256) {
        uint256 pick = roll % 8;
        if (pick == 0) return cap + 1;
        if (pick == 1) return cap;
        if (pick == 2 && cap > 0) return cap - 1;
        // Mostly under the cap, sometimes over it.
        return (roll >> 3) % (cap + cap / 4 + 2);
    }

    /// At or one millisecond past either end of the order-age window, or anywhere around it.
    function _timestampNearBounds(uint256 roll, uint256 maxOrderAgeSec) internal view returns (uint256) {
        uint256 oldest = (block.timestamp - maxOrderAgeSec) * 1000;
        uint256 newest = (block.timestamp + 60) * 1000;
        uint256 pick = roll % 8;
        if (pick == 0) return oldest;
        if (pick == 1) return oldest - 1;
        if (pick == 2) return newest;
        if (pick == 3) return newest + 1;
        return oldest + (roll >> 3) % (newest - oldest + 1);
    }

    /// Another session's id: one of the same key if there is one (revoked or live), else any other.
    function _otherSession(uint256 index, uint256 roll) internal view returns (bytes32) {
        uint256 count = sessions.length;
        for (uint256 step = 1; step < count; ++step) {
            Model storage other = sessions[(index + step) % count];
            if (other.pk == sessions[index].pk) return other.id;
        }
        return count > 1 ? sessions[(index + 1 + roll % (count - 1)) % count].id : keccak256(abi.encode(roll));
    }

    /// At, one unit below or above the band's edge for this makerAmount, zero, a huge word, or any
    /// price from 0 to 2 pUSD per share.
    function _takerNearBand(uint256 roll, bool sell, uint256 makerAmount, SessionLimits memory limits)
        internal
        pure
        returns (uint256)
    {
        uint256 pick = roll % 8;
        if (pick == 0) return 0;
        if (pick == 1) return type(uint256).max - roll % 1000;
        uint256 bound = sell ? limits.minSellPriceMicroUsd : limits.maxBuyPriceMicroUsd;
        if (pick < 5 && (sell || bound != 0)) {
            // The smallest in-band taker on either side: edge − 1 is one unit out of band.
            uint256 edge = sell ? (makerAmount * bound + 1e6 - 1) / 1e6 : (makerAmount * 1e6 + bound - 1) / bound;
            if (pick == 2) return edge;
            if (pick == 3) return edge + 1;
            return edge > 0 ? edge - 1 : 0;
        }
        return (roll >> 3) % (2 * makerAmount + 2);
    }

    function _live(Model storage s) internal view returns (bool) {
        return !s.revoked && !s.paused && !safePaused && (pausedStrategies >> s.limits.strategy) & 1 == 0
            && block.timestamp <= s.limits.validUntil;
    }

    function _exchangeAllowed(Model storage s, address account) internal view returns (bool) {
        for (uint256 i; i < 3; ++i) {
            if (exchanges[i] == account) return (uint256(s.limits.exchangeMask) >> i) & 1 == 1;
        }
        return false;
    }
}

/// @notice I1–I3 of the security anchors, over random sequences of admin and session actions.
contract WardenModuleInvariantTest {
    WardenHandler internal handler;

    function setUp() public {
        address[] memory exchanges = new address[](3);
        string[] memory versions = new string[](3);
        address[3] memory fixedExchanges;
        for (uint256 i; i < 3; ++i) {
            versions[i] = i == 2 ? "3" : "2";
            exchanges[i] = address(new TestCTFExchangeV2(versions[i]));
            fixedExchanges[i] = exchanges[i];
        }
        WardenModule module = new WardenModule(exchanges, versions);
        // A realistic clock, so order timestamps (ms) around "now" do not underflow.
        Vm(address(uint160(uint256(keccak256("hevm cheat code"))))).warp(1_800_000_000);
        handler = new WardenHandler(module, new TestPUSD(), new TestCallTarget(), fixedExchanges);
    }

    /// Only the handler is fuzzed (Foundry's `targetContracts` convention).
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// I1/I2: no call and no order outside the session's scope is ever accepted — for orders the
    /// cap on what the Safe gives (makerAmount, both sides), the price band and the session a
    /// signature was made for included; the model never sees an in-scope action refused (so the
    /// checks are not vacuous).
    /// hardhat-config: invariant.runs = 256
    /// hardhat-config: invariant.depth = 64
    /// hardhat-config: invariant.fail-on-revert = false
    function invariant_neverAcceptsOutOfScope() public view {
        require(!handler.acceptedOutOfScopeCall(), "accepted an out-of-scope call");
        require(!handler.acceptedOutOfScopeOrder(), "accepted an out-of-scope order");
        require(!handler.refusedInScope(), "refused an in-scope action: model and module disagree");
        require(!handler.safe().sawDelegateCall(), "the module asked the Safe for a DELEGATECALL");
    }

    /// I1: spent never exceeds the cap, and the on-chain budget matches the calls that succeeded.
    /// hardhat-config: invariant.runs = 256
    /// hardhat-config: invariant.depth = 64
    /// hardhat-config: invariant.fail-on-revert = false
    function invariant_spentNeverExceedsCap() public view {
        uint256 count = handler.sessionCount();
        for (uint256 i; i < count; ++i) {
            require(handler.spentWithinCap(i), "spent exceeds cap or diverges from the model");
        }
    }

    /// I3: revoke-then-regrant never restores old state; revoked stays revoked.
    /// hardhat-config: invariant.runs = 256
    /// hardhat-config: invariant.depth = 64
    /// hardhat-config: invariant.fail-on-revert = false
    function invariant_regrantNeverRestores() public view {
        require(!handler.regrantRestoredState(), "re-grant restored old state");
        uint256 count = handler.sessionCount();
        for (uint256 i; i < count; ++i) {
            require(handler.revokedStaysRevoked(i), "revocation undone");
        }
    }
}
