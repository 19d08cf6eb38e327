import type { Address, Hex } from "viem";
import type { ExchangeDeployment } from "./polymarket/exchanges";
import type { V2Order } from "./polymarket/V2Order";

/** Methods a session can be granted. Orders count as `CTFExchangeV2.matchOrders` on every exchange. */
export type GrantableMethod = "CTFExchangeV2.matchOrders" | "ClobAuth.sign";

/** A V2 order to sign: parsed once; the guards judge it and the hasher hashes it. */
export type OrderIntent = {
  kind: "order";
  intent_id: string;
  method: "CTFExchangeV2.matchOrders";
  /** The exchange (domain verifyingContract), lower-case. */
  contract_address: Address;
  exchange: ExchangeDeployment;
  order: V2Order;
  side: "BUY" | "SELL";
  /**
   * pUSD notional in 6-decimal base units: BUY → makerAmount, SELL → takerAmount. Exposure and the
   * notional/min throttle count this; the per-call cap does not (it bounds what the wallet gives,
   * `order.makerAmount` on both sides: see the WalletPermissionGuard).
   */
  notional_micros: bigint;
  /** The same notional in pUSD, for display and thresholds. */
  size_usd: number;
  timestamp_ms: number;
  digest: Hex;
};

/** A ClobAuth (L1 API auth) document to sign. */
export type ClobAuthIntent = {
  kind: "clob_auth";
  intent_id: string;
  method: "ClobAuth.sign";
  contract_address: null;
  message: { address: Address; timestamp: string; nonce: bigint; message: string };
  notional_micros: 0n;
  size_usd: 0;
  digest: Hex;
};

/** A request Warden recognises but never signs (messages, transactions, other typed data). */
export type UnsignableIntent = {
  kind: "unsignable";
  intent_id: string;
  /** e.g. `personal_sign`, `eth_signTransaction`, `eip712:Permit`. Never grantable. */
  method: string;
  contract_address: Address | null;
  notional_micros: 0n;
  size_usd: 0;
  digest: null;
};

/** Everything the decoder can produce. */
export type SigningIntent = OrderIntent | ClobAuthIntent | UnsignableIntent;

/** What a strategy asks Warden to sign. */
export type SigningRequest =
  | {
      kind: "typed_data";
      typedData: { domain?: unknown; types?: unknown; primaryType?: unknown; message?: unknown };
    }
  | { kind: "message"; message: unknown }
  | { kind: "transaction"; transaction: unknown };
