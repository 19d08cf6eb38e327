/**
 * EIP-712 types of the CLOB V2 order (CTFExchangeV2, NegRisk CTFExchangeV2 and ExchangeV3 share it).
 * Its type hash is `0xbb86318a2138f5fa8ae32fbe8e659f8fcf13cc6ae4014a707893055433818589`.
 *
 * @example
 * hashTypedData({ domain, types: orderTypes, primaryType: "Order", message: order });
 */
export const orderTypes = {
  Order: [
    { name: "salt", type: "uint256" },
    { name: "maker", type: "address" },
    { name: "signer", type: "address" },
    { name: "tokenId", type: "uint256" },
    { name: "makerAmount", type: "uint256" },
    { name: "takerAmount", type: "uint256" },
    { name: "side", type: "uint8" },
    { name: "signatureType", type: "uint8" },
    { name: "timestamp", type: "uint256" },
    { name: "metadata", type: "bytes32" },
    { name: "builder", type: "bytes32" },
  ],
} as const;
