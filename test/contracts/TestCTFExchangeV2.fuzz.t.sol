// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestCTFExchangeV2} from "../../contracts/test/TestCTFExchangeV2.sol";
import {TestRecordingMaker} from "../../contracts/test/TestRecordingMaker.sol";
import {ExchangeTrading} from "../../contracts/test/exchange/ExchangeTrading.sol";
import {Order, OrderStatus, Side, SignatureType} from "../../contracts/test/exchange/ExchangeTypes.sol";

/// @notice Fuzzing of the stand-in's matchOrders fill accounting: a SELL maker order filled by a
///         sequence of mirrored BUY takers keeps `remaining = makerAmount - Σ fills`, is `filled`
///         exactly when nothing remains, refuses a fill beyond what remains (MakingGtRemaining) and
///         any fill once filled (OrderAlreadyFilled); each taker is charged the maker's price.
contract TestCTFExchangeV2FuzzTest {
    TestCTFExchangeV2 internal exchange;
    address internal wallet;
    uint256 internal salt;

    function setUp() public {
        exchange = new TestCTFExchangeV2("2");
        TestRecordingMaker maker = new TestRecordingMaker();
        maker.configure(bytes32(0), abi.encode(bytes32(bytes4(0x1626ba7e))), false);
        wallet = address(maker);
    }

    function _order(Side side, uint256 makerAmount, uint256 takerAmount) internal returns (Order memory o) {
        o.salt = ++salt;
        o.maker = wallet;
        o.signer = wallet;
        o.tokenId = 7;
        o.makerAmount = makerAmount;
        o.takerAmount = takerAmount;
        o.side = side;
        o.signatureType = SignatureType.POLY_1271;
        o.timestamp = 1_800_000_000_000;
        o.signature = hex"01";
    }

    function _fill(Order memory taker, Order memory maker, uint256 fill) internal returns (bytes4 reverted) {
        Order[] memory makers = new Order[](1);
        makers[0] = maker;
        uint256[] memory fills = new uint256[](1);
        fills[0] = fill;
        try exchange.matchOrders(bytes32(0), taker, makers, taker.makerAmount, fills, 0, new uint256[](1)) {
            return bytes4(0);
        } catch (bytes memory reason) {
            return bytes4(reason);
        }
    }

    /// hardhat-config: fuzz.runs = 2000
    function testFuzz_matchOrdersFillAccounting(uint64 sizeSeed, uint8 priceSeed, uint64[6] calldata fillSeeds) public {
        uint256 size = uint256(sizeSeed) % 1e12 + 1;
        uint256 price = uint256(priceSeed) % 99 + 1; // cents
        uint256 cash = size * price / 100 + 1;
        Order memory maker = _order(Side.SELL, size, cash);
        bytes32 makerHash = exchange.hashOrder(maker);
        uint256 filledSoFar;
        for (uint256 i; i < fillSeeds.length; ++i) {
            // Fills around what remains: below, exactly, and just above it.
            uint256 left = size - filledSoFar;
            uint256 fill = fillSeeds[i] % 3 == 0 ? left + uint256(fillSeeds[i] % 2) : uint256(fillSeeds[i]) % (left + 1);
            Order memory taker = _order(Side.BUY, cash, size);
            bytes4 reverted = _fill(taker, maker, fill);
            OrderStatus memory status = exchange.getOrderStatus(makerHash);
            if (left == 0 && filledSoFar > 0 && status.filled) {
                require(reverted == ExchangeTrading.OrderAlreadyFilled.selector, "refill of a filled order");
                continue;
            }
            if (fill > left) {
                require(reverted == ExchangeTrading.MakingGtRemaining.selector, "fill beyond remaining");
                continue;
            }
            require(reverted == bytes4(0), "in-size fill refused");
            filledSoFar += fill;
            require(status.remaining == size - filledSoFar, "maker remaining");
            require(status.filled == (filledSoFar == size), "maker filled flag");
            uint256 taking = fill * cash / size;
            OrderStatus memory takerStatus = exchange.getOrderStatus(exchange.hashOrder(taker));
            require(takerStatus.remaining == cash - taking, "taker remaining");
            require(takerStatus.filled == (taking == cash), "taker filled flag");
        }
        require(filledSoFar <= size, "never beyond size");
    }
}
