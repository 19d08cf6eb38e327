/**
 * The Warden module's `MAX_ORDER_CLOCK_SKEW_SEC` (contracts/module/OrderScope.sol): how far an
 * order's timestamp may run ahead of the block before the module refuses it (`OrderFromFuture`).
 * Safe-module mode keeps `signing.max_order_future_skew_s` within it, so Warden never signs an order
 * the module would refuse as from the future. A test reads the deployed constant and compares.
 *
 * @example
 * if (config.signing.max_order_future_skew_s > MODULE_MAX_ORDER_CLOCK_SKEW_SEC) throw …
 */
export const MODULE_MAX_ORDER_CLOCK_SKEW_SEC = 60;
