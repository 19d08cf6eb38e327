import { orderTypeFields } from "../core/polymarket/orderTypes";

/**
 * EIP-712 types of the CLOB V2 order (CTFExchangeV2, NegRisk CTFExchangeV2 and ExchangeV3 share it),
 * in the `types` shape viem takes; the field list is the proxy's, so both sides hash one definition.
 * Its type hash is `0xbb86318a2138f5fa8ae32fbe8e659f8fcf13cc6ae4014a707893055433818589`.
 *
 * @example
 * hashTypedData({ domain, types: orderTypes, primaryType: "Order", message: order });
 */
export const orderTypes = { Order: orderTypeFields } as const;
