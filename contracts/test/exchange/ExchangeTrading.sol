// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MatchType, Order, OrderStatus, Side} from "./ExchangeTypes.sol";
import {ExchangeSignatures} from "./ExchangeSignatures.sol";

/// @title ExchangeTrading
/// @notice TEST ONLY. Order validation and the checks and fill accounting of `matchOrders`, written
///         from Polymarket/ctf-exchange-v2 `src/exchange/mixins/Trading.sol`, `CTFExchange.sol`,
///         `mixins/Fees.sol` and `libraries/CalculatorHelper.sol`.
///         LEFT OUT (the stand-in holds no assets): every token transfer, the CTF mint/merge of a
///         MINT/MERGE match, fee payment to a receiver, the refund of leftovers, the check that the
///         order token ids are the two positions of `conditionId` (needs the CTF collateral and
///         CTHelpers' curve arithmetic), and in a MINT/MERGE match the taker's
///         `TooLittleTokensReceived`/`FeeExceedsProceeds`, which the real exchange derives from its
///         own balance deltas. The maximum fee rate is the real default, 500 bps, as a constant.
abstract contract ExchangeTrading is ExchangeSignatures {
    /// @notice Default maximum fee rate of CTFExchangeV2 (`Fees.sol`), basis points.
    uint256 public constant MAX_FEE_RATE_BPS = 500;

    /// @notice Whether trading is paused (`Pausable.sol`).
    bool public paused;
    mapping(bytes32 orderHash => OrderStatus) internal orderStatus;

    /// @notice An order was filled (the stand-in's event; the real one also carries side, token,
    ///         amounts, fee, builder and metadata).
    event OrderFilled(bytes32 indexed orderHash, address indexed maker);
    /// @notice A taker order was matched (`ITrading.sol` `OrdersMatched`).
    event OrdersMatched(
        bytes32 indexed takerOrderHash,
        address indexed takerOrderMaker,
        Side side,
        uint256 tokenId,
        uint256 makerAmountFilled,
        uint256 takerAmountFilled
    );
    /// @notice Trading paused.
    event TradingPaused(address indexed pauser);
    /// @notice Trading unpaused.
    event TradingUnpaused(address indexed pauser);

    /// @notice The order is filled.
    error OrderAlreadyFilled();
    /// @notice The fill is larger than what remains of the order.
    error MakingGtRemaining();
    /// @notice The prices do not cross.
    error NotCrossing();
    /// @notice The taker would receive less than its price allows.
    error TooLittleTokensReceived();
    /// @notice The makers' fills consume more of the taker order than `takerFillAmount`.
    error ComplementaryFillExceedsTakerFill();
    /// @notice The token ids do not fit the match type.
    error MismatchedTokenIds();
    /// @notice Maker orders, fills and fees differ in length.
    error MismatchedArrayLengths();
    /// @notice No maker orders.
    error NoMakerOrders();
    /// @notice The order's maker amount is zero.
    error ZeroMakerAmount();
    /// @notice The fee is larger than the proceeds it is taken from.
    error FeeExceedsProceeds();
    /// @notice The fee is above the maximum fee rate.
    error FeeExceedsMaxRate();
    /// @notice Trading is paused.
    error Paused();

    modifier notPaused() {
        if (paused) revert Paused();
        _;
    }

    /// @notice The fill state of an order (`getOrderStatus(bytes32)`, selector 0x46423aa7).
    /// @param orderHash The order hash.
    /// @return The status.
    function getOrderStatus(bytes32 orderHash) public view returns (OrderStatus memory) {
        return orderStatus[orderHash];
    }

    /// @notice Reverts with the exchange's reason unless the order could be matched now
    ///         (`validateOrder(Order)`, selector 0x088170cb): `OrderAlreadyFilled`,
    ///         `ZeroMakerAmount`, `InvalidSignature`, `UserIsPaused`, in that order. No expiry, nonce
    ///         or fee check: V2 orders carry none.
    /// @param order The order.
    function validateOrder(Order memory order) external view {
        bytes32 orderHash = hashOrder(order);
        if (orderStatus[orderHash].filled) revert OrderAlreadyFilled();
        _validateOrder(orderHash, order);
    }

    /// @notice Pauses trading (the real exchange's admin; here the operator).
    function pauseTrading() external onlyOperator {
        paused = true;
        emit TradingPaused(msg.sender);
    }

    /// @notice Unpauses trading.
    function unpauseTrading() external onlyOperator {
        paused = false;
        emit TradingUnpaused(msg.sender);
    }

    function _validateOrder(bytes32 orderHash, Order memory order) internal view {
        if (order.makerAmount == 0) revert ZeroMakerAmount();
        validateOrderSignature(orderHash, order);
        if (isUserPaused(order.maker)) revert UserIsPaused();
    }

    /// @notice Matches a taker order against maker orders (selector 0x3c2b4399), operator only and
    ///         not while trading is paused: every order validated, prices crossing, each fill within
    ///         what remains, fees within the maximum rate; fills recorded in `getOrderStatus`.
    ///         No tokens move and `conditionId` is not checked against the token ids (see above).
    /// @param conditionId The market's condition id (unused here).
    /// @param takerOrder The taker order.
    /// @param makerOrders The maker orders.
    /// @param takerFillAmount The taker fill, in its maker amount.
    /// @param makerFillAmounts Each maker's fill, in its maker amount.
    /// @param takerFeeAmount The taker fee.
    /// @param makerFeeAmounts Each maker's fee.
    function matchOrders(
        bytes32 conditionId,
        Order memory takerOrder,
        Order[] memory makerOrders,
        uint256 takerFillAmount,
        uint256[] memory makerFillAmounts,
        uint256 takerFeeAmount,
        uint256[] memory makerFeeAmounts
    ) external onlyOperator notPaused {
        conditionId;
        uint256 count = makerOrders.length;
        if (count == 0) revert NoMakerOrders();
        if (count != makerFillAmounts.length || count != makerFeeAmounts.length) revert MismatchedArrayLengths();
        bool complementary = true;
        for (uint256 i = 0; i < count; ++i) {
            if (makerOrders[i].side == takerOrder.side) complementary = false;
        }
        if (complementary) {
            _matchComplementary(takerOrder, makerOrders, takerFillAmount, makerFillAmounts, takerFeeAmount, makerFeeAmounts);
            return;
        }
        (uint256 taking, bytes32 takerHash) = _performOrderChecks(takerOrder, takerFillAmount, takerFeeAmount);
        for (uint256 i = 0; i < count; ++i) {
            Order memory makerOrder = makerOrders[i];
            _validateOrdersMatch(takerOrder, makerOrder, _matchType(takerOrder.side, makerOrder.side));
            (uint256 makerTaking, bytes32 makerHash) = _performOrderChecks(makerOrder, makerFillAmounts[i], makerFeeAmounts[i]);
            if (makerOrder.side == Side.SELL && makerFeeAmounts[i] > makerTaking) revert FeeExceedsProceeds();
            emit OrderFilled(makerHash, makerOrder.maker);
        }
        emit OrderFilled(takerHash, takerOrder.maker);
        emit OrdersMatched(takerHash, takerOrder.maker, takerOrder.side, takerOrder.tokenId, takerFillAmount, taking);
    }

    /// @dev `Trading.sol` `_settleComplementary`: the taker's consumption is what the makers' prices
    ///      imply, bounded by `takerFillAmount`, and what it receives must meet its own price.
    function _matchComplementary(
        Order memory takerOrder,
        Order[] memory makerOrders,
        uint256 takerFillAmount,
        uint256[] memory makerFillAmounts,
        uint256 takerFeeAmount,
        uint256[] memory makerFeeAmounts
    ) private {
        bytes32 takerHash = hashOrder(takerOrder);
        _validateOrder(takerHash, takerOrder);
        uint256 executedMaking;
        uint256 executedTaking;
        for (uint256 i = 0; i < makerOrders.length; ++i) {
            Order memory makerOrder = makerOrders[i];
            _validateOrdersMatch(takerOrder, makerOrder, MatchType.COMPLEMENTARY);
            (uint256 taking, bytes32 makerHash) = _performOrderChecks(makerOrder, makerFillAmounts[i], makerFeeAmounts[i]);
            if (takerOrder.side == Side.BUY && makerFeeAmounts[i] > taking) revert FeeExceedsProceeds();
            executedMaking += taking;
            executedTaking += makerFillAmounts[i];
            emit OrderFilled(makerHash, makerOrder.maker);
        }
        if (executedMaking > takerFillAmount) revert ComplementaryFillExceedsTakerFill();
        if (executedTaking < _takingAndFeeCheck(takerOrder, executedMaking, takerFeeAmount)) revert TooLittleTokensReceived();
        _updateOrderStatus(takerHash, takerOrder, executedMaking);
        if (takerOrder.side == Side.SELL && takerFeeAmount > executedTaking) revert FeeExceedsProceeds();
        emit OrderFilled(takerHash, takerOrder.maker);
        emit OrdersMatched(takerHash, takerOrder.maker, takerOrder.side, takerOrder.tokenId, executedMaking, executedTaking);
    }

    function _performOrderChecks(Order memory order, uint256 making, uint256 fee)
        internal
        returns (uint256 taking, bytes32 orderHash)
    {
        orderHash = hashOrder(order);
        _validateOrder(orderHash, order);
        _updateOrderStatus(orderHash, order, making);
        taking = _takingAndFeeCheck(order, making, fee);
    }

    /// @dev `CalculatorHelper.calculateTakingAmount` (rounds down) and `Fees.sol`: the fee is at most
    ///      the maximum rate of the cash side (a BUY's making, a SELL's taking).
    function _takingAndFeeCheck(Order memory order, uint256 making, uint256 fee) internal pure returns (uint256 taking) {
        taking = (making * order.takerAmount) / order.makerAmount;
        uint256 cash = order.side == Side.BUY ? making : taking;
        if (fee > (cash * MAX_FEE_RATE_BPS) / 10_000) revert FeeExceedsMaxRate();
    }

    /// @dev `Trading.sol` `_updateOrderStatus`: an untouched order has its whole maker amount left.
    function _updateOrderStatus(bytes32 orderHash, Order memory order, uint256 making) internal {
        OrderStatus storage status = orderStatus[orderHash];
        if (status.filled) revert OrderAlreadyFilled();
        uint256 remaining = status.remaining == 0 ? order.makerAmount : status.remaining;
        if (making > remaining) revert MakingGtRemaining();
        remaining -= making;
        status.remaining = uint248(remaining);
        status.filled = remaining == 0;
    }

    function _matchType(Side takerSide, Side makerSide) internal pure returns (MatchType) {
        if (takerSide != makerSide) return MatchType.COMPLEMENTARY;
        return takerSide == Side.BUY ? MatchType.MINT : MatchType.MERGE;
    }

    /// @dev `Trading.sol` `_validateOrdersMatch`, by cross-multiplication: opposite sides on one
    ///      token cross when buy price >= sell price; two buys (MINT) of the two tokens when their
    ///      prices sum to at least 1; two sells (MERGE) when they sum to at most 1.
    function _validateOrdersMatch(Order memory taker, Order memory maker, MatchType kind) internal pure {
        if (kind == MatchType.COMPLEMENTARY) {
            if (taker.tokenId != maker.tokenId) revert MismatchedTokenIds();
            if (taker.makerAmount * maker.makerAmount < taker.takerAmount * maker.takerAmount) revert NotCrossing();
            return;
        }
        if (taker.tokenId == maker.tokenId) revert MismatchedTokenIds();
        uint256 sum = taker.takerAmount * maker.makerAmount + maker.takerAmount * taker.makerAmount;
        if (kind == MatchType.MINT ? sum < taker.takerAmount * maker.takerAmount : sum > taker.makerAmount * maker.makerAmount) {
            revert NotCrossing();
        }
    }
}
