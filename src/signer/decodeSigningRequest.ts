import { hash } from "node:crypto";
import { type Address, type Hex, isAddress } from "viem";
import type { ReasonCode } from "../core/reasonCodes";
import type { OrderHasher } from "./createOrderHasher";
import { type ExchangeDeployment, knownExchanges } from "../core/polymarket/exchanges";
import {
  CLOB_AUTH_MESSAGE,
  EXCHANGE_DOMAIN_NAME,
  clobAuthDomainFields,
  clobAuthTypeFields,
  exchangeDomainFields,
  orderTypeFields,
} from "../core/polymarket/orderTypes";
import type { SigningIntent, SigningRequest } from "../core/SigningIntent";
import type { V2Order } from "../core/polymarket/V2Order";
import type { WalletExpectations } from "./wallets/Wallet";
import { toJson } from "../core/toJson";
import { DEPOSIT_WALLET_DOMAIN_NAME, DEPOSIT_WALLET_DOMAIN_VERSION, typedDataSignTypeFields } from "../core/polymarket/depositWallet";

/** What the decoder needs to know about the deployment and the wallet. */
export type DecodeContext = {
  chainId: 137 | 80002;
  hasher: OrderHasher;
  /** What the wallet mode requires of a document: maker, signer, ClobAuth address, signature type. */
  expects: WalletExpectations;
  nowMs: number;
  maxOrderAgeMs: number;
  maxOrderFutureSkewMs: number;
  maxClobAuthAgeMs: number;
  /** Largest makerAmount/takerAmount accepted, in 6-decimal base units. */
  maxAmountUnits: bigint;
};

/** The decoder's answer: an intent, or why the document is not exactly a known one. */
export type DecodeResult =
  | { ok: true; intent: SigningIntent }
  | { ok: false; reason_code: ReasonCode; evidence: { field: string; problem: string } };

const UINT256_MAX = (1n << 256n) - 1n;
const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const orderKeys = orderTypeFields.map((f) => f.name);
const clobAuthKeys = clobAuthTypeFields.map((f) => f.name);

class Invalid {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {}
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function exactKeys(obj: unknown, allowed: readonly string[], field: string): Record<string, unknown> {
  if (!isPlainObject(obj)) throw new Invalid(field, "must be an object");
  const keys = Object.keys(obj);
  for (const k of keys) if (!allowed.includes(k)) throw new Invalid(`${field}.${k}`, "unknown field");
  for (const k of allowed) if (!(k in obj)) throw new Invalid(`${field}.${k}`, "missing");
  return obj;
}

function sameFields(actual: unknown, expected: readonly { name: string; type: string }[], field: string): void {
  if (!Array.isArray(actual) || actual.length !== expected.length) throw new Invalid(field, "type does not match");
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as unknown;
    const e = expected[i];
    if (!e || !isPlainObject(a) || Object.keys(a).length !== 2 || a.name !== e.name || a.type !== e.type)
      throw new Invalid(field, "type does not match");
  }
}

function checkTypes(
  types: unknown,
  primary: string,
  fields: readonly { name: string; type: string }[],
  domainFields: readonly { name: string; type: string }[],
): void {
  if (!isPlainObject(types)) throw new Invalid("types", "must be an object");
  for (const k of Object.keys(types))
    if (k !== primary && k !== "EIP712Domain") throw new Invalid(`types.${k}`, "unknown type");
  sameFields(types[primary], fields, `types.${primary}`);
  if ("EIP712Domain" in types) sameFields(types.EIP712Domain, domainFields, "types.EIP712Domain");
}

function uint(v: unknown, field: string, max: bigint = UINT256_MAX): bigint {
  let n: bigint;
  if (typeof v === "bigint") n = v;
  else if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new Invalid(field, "must be an integer (use a string or bigint above 2^53)");
    n = BigInt(v);
  } else if (typeof v === "string") {
    if (!DECIMAL.test(v)) throw new Invalid(field, "must be a decimal integer string");
    n = BigInt(v);
  } else throw new Invalid(field, "must be an integer");
  if (n < 0n) throw new Invalid(field, "must not be negative");
  if (n > max) throw new Invalid(field, "out of range");
  return n;
}

function address(v: unknown, field: string): Address {
  if (typeof v !== "string" || !isAddress(v, { strict: true })) throw new Invalid(field, "must be an address");
  return v.toLowerCase() as Address;
}

function bytes32(v: unknown, field: string): Hex {
  if (typeof v !== "string" || !BYTES32.test(v)) throw new Invalid(field, "must be 32 bytes of hex");
  return v.toLowerCase() as Hex;
}

function chainIdOf(v: unknown, expected: number): void {
  if (uint(v, "domain.chainId") !== BigInt(expected)) throw new Invalid("domain.chainId", "wrong chain");
}

function toHex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes).toString("hex")}`;
}

function unsignableId(request: unknown): string {
  const text = (toJson(request) as string | undefined) ?? "undefined";
  return `int_${hash("sha256", text, "hex")}`;
}

function decodeOrder(td: Record<string, unknown>, ctx: DecodeContext): SigningIntent {
  checkTypes(td.types, "Order", orderTypeFields, exchangeDomainFields);
  const domain = exactKeys(td.domain, ["name", "version", "chainId", "verifyingContract"], "domain");
  if (domain.name !== EXCHANGE_DOMAIN_NAME) throw new Invalid("domain.name", "not the exchange domain");
  chainIdOf(domain.chainId, ctx.chainId);
  const verifyingContract = address(domain.verifyingContract, "domain.verifyingContract");
  const exchange: ExchangeDeployment | undefined = knownExchanges[ctx.chainId].find(
    (e) => e.address === verifyingContract,
  );
  if (!exchange) throw new Invalid("domain.verifyingContract", "not a known exchange");
  if (domain.version !== exchange.version) throw new Invalid("domain.version", "wrong version for this exchange");

  const m = exactKeys(td.message, orderKeys, "message");
  const side = m.side === 0 || m.side === "0" ? 0 : m.side === 1 || m.side === "1" ? 1 : undefined;
  if (side === undefined) throw new Invalid("message.side", "must be 0 (BUY) or 1 (SELL)");
  const signatureType = uint(m.signatureType, "message.signatureType", 255n);
  if (signatureType !== BigInt(ctx.expects.signatureType))
    throw new Invalid("message.signatureType", "does not match the wallet mode");
  const order: V2Order = {
    salt: uint(m.salt, "message.salt"),
    maker: address(m.maker, "message.maker"),
    signer: address(m.signer, "message.signer"),
    tokenId: uint(m.tokenId, "message.tokenId"),
    makerAmount: uint(m.makerAmount, "message.makerAmount", ctx.maxAmountUnits),
    takerAmount: uint(m.takerAmount, "message.takerAmount", ctx.maxAmountUnits),
    side,
    signatureType: ctx.expects.signatureType,
    timestamp: uint(m.timestamp, "message.timestamp"),
    metadata: bytes32(m.metadata, "message.metadata"),
    builder: bytes32(m.builder, "message.builder"),
  };
  if (order.maker !== ctx.expects.maker) throw new Invalid("message.maker", "is not this wallet");
  if (order.signer !== ctx.expects.signer) throw new Invalid("message.signer", "is not this wallet's signer");
  if (order.tokenId === 0n) throw new Invalid("message.tokenId", "must be positive");
  if (order.makerAmount === 0n) throw new Invalid("message.makerAmount", "must be positive");
  if (order.takerAmount === 0n) throw new Invalid("message.takerAmount", "must be positive");
  const ts = Number(order.timestamp);
  if (ts < ctx.nowMs - ctx.maxOrderAgeMs) throw new Invalid("message.timestamp", "older than the allowed window");
  if (ts > ctx.nowMs + ctx.maxOrderFutureSkewMs) throw new Invalid("message.timestamp", "in the future");

  const digest = toHex(ctx.hasher.hashOrder(exchange, order));
  const notional = side === 0 ? order.makerAmount : order.takerAmount;
  return {
    kind: "order",
    intent_id: `int_${digest.slice(2)}`,
    method: "CTFExchangeV2.matchOrders",
    contract_address: exchange.address,
    exchange,
    order,
    side: side === 0 ? "BUY" : "SELL",
    notional_micros: notional,
    size_usd: Number(notional) / 1e6,
    timestamp_ms: ts,
    digest,
  };
}

function decodeClobAuth(td: Record<string, unknown>, ctx: DecodeContext): SigningIntent {
  checkTypes(td.types, "ClobAuth", clobAuthTypeFields, clobAuthDomainFields);
  const domain = exactKeys(td.domain, ["name", "version", "chainId"], "domain");
  if (domain.name !== "ClobAuthDomain") throw new Invalid("domain.name", "not the ClobAuth domain");
  if (domain.version !== "1") throw new Invalid("domain.version", "must be 1");
  chainIdOf(domain.chainId, ctx.chainId);
  const m = exactKeys(td.message, clobAuthKeys, "message");
  const addr = address(m.address, "message.address");
  if (addr !== ctx.expects.clobAuthAddress) throw new Invalid("message.address", "is not this wallet");
  if (typeof m.timestamp !== "string" || !DECIMAL.test(m.timestamp) || m.timestamp.length > 12)
    throw new Invalid("message.timestamp", "must be unix seconds as a decimal string");
  const tsMs = Number(m.timestamp) * 1000;
  if (tsMs < ctx.nowMs - ctx.maxClobAuthAgeMs) throw new Invalid("message.timestamp", "older than the allowed window");
  if (tsMs > ctx.nowMs + ctx.maxOrderFutureSkewMs) throw new Invalid("message.timestamp", "in the future");
  const nonce = uint(m.nonce, "message.nonce");
  if (m.message !== CLOB_AUTH_MESSAGE) throw new Invalid("message.message", "is not the ClobAuth attestation");
  const message = { address: addr, timestamp: m.timestamp, nonce, message: CLOB_AUTH_MESSAGE };
  const digest = toHex(ctx.hasher.hashClobAuth(message));
  return {
    kind: "clob_auth",
    intent_id: `int_${digest.slice(2)}`,
    method: "ClobAuth.sign",
    contract_address: null,
    message,
    notional_micros: 0n,
    size_usd: 0,
    digest,
  };
}

const envelopeKeys = typedDataSignTypeFields.map((f) => f.name);
const ZERO_BYTES32 = `0x${"00".repeat(32)}`;

/**
 * The ERC-7739 envelope of an order (clob-client-v2's `POLY_1271` document), for a wallet that
 * signs orders in it: accepted only with exactly the wallet's own outer fields, and only around
 * an order that passes every check a plain `Order` passes. Anything else claiming to be one —
 * other contents (a wrapped `Permit`), another domain, name, version, chain, wallet or salt — is
 * refused.
 */
function decodeOrderEnvelope(td: Record<string, unknown>, ctx: DecodeContext): SigningIntent {
  if (!isPlainObject(td.types)) throw new Invalid("types", "must be an object");
  for (const k of Object.keys(td.types))
    if (k !== "TypedDataSign" && k !== "Order" && k !== "EIP712Domain") throw new Invalid(`types.${k}`, "unknown type");
  sameFields(td.types.TypedDataSign, typedDataSignTypeFields, "types.TypedDataSign");
  const m = exactKeys(td.message, envelopeKeys, "message");
  if (m.name !== DEPOSIT_WALLET_DOMAIN_NAME) throw new Invalid("message.name", `must be ${DEPOSIT_WALLET_DOMAIN_NAME}`);
  if (m.version !== DEPOSIT_WALLET_DOMAIN_VERSION) throw new Invalid("message.version", `must be ${DEPOSIT_WALLET_DOMAIN_VERSION}`);
  if (uint(m.chainId, "message.chainId") !== BigInt(ctx.chainId)) throw new Invalid("message.chainId", "wrong chain");
  if (address(m.verifyingContract, "message.verifyingContract") !== ctx.expects.maker)
    throw new Invalid("message.verifyingContract", "is not this wallet");
  if (bytes32(m.salt, "message.salt") !== ZERO_BYTES32) throw new Invalid("message.salt", "must be zero");
  const { TypedDataSign: _outer, ...orderTypes } = td.types;
  try {
    return decodeOrder({ domain: td.domain, types: orderTypes, primaryType: "Order", message: m.contents }, ctx);
  } catch (e) {
    // The order's own problems, named where they sit in the envelope.
    if (e instanceof Invalid && e.field.startsWith("message")) throw new Invalid(`message.contents${e.field.slice(7)}`, e.problem);
    throw e;
  }
}

function decodeTypedData(td: unknown, ctx: DecodeContext): SigningIntent {
  const doc = exactKeys(td, ["domain", "types", "primaryType", "message"], "typedData");
  const domain = isPlainObject(doc.domain) ? doc.domain : {};
  const primaryType = doc.primaryType;
  // A wallet that signs orders as their envelope accepts a TypedDataSign only if it is exactly that
  // (in any domain: a wrapped Permit is as dangerous as a Permit); for other wallets it is just
  // typed data they never sign.
  if (primaryType === "TypedDataSign" && ctx.expects.orderDocument === "TypedDataSign") return decodeOrderEnvelope(doc, ctx);
  if (primaryType === "Order" || domain.name === EXCHANGE_DOMAIN_NAME) {
    if (primaryType !== "Order") throw new Invalid("primaryType", "exchange documents must be Order");
    if (ctx.expects.orderDocument === "TypedDataSign")
      throw new Invalid("primaryType", "this wallet signs orders only as their ERC-7739 TypedDataSign envelope");
    return decodeOrder(doc, ctx);
  }
  if (primaryType === "ClobAuth" || domain.name === "ClobAuthDomain") {
    if (primaryType !== "ClobAuth") throw new Invalid("primaryType", "ClobAuth domain documents must be ClobAuth");
    return decodeClobAuth(doc, ctx);
  }
  if (typeof primaryType !== "string" || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(primaryType))
    throw new Invalid("primaryType", "must be a type name");
  const verifying =
    typeof domain.verifyingContract === "string" && isAddress(domain.verifyingContract, { strict: false })
      ? (domain.verifyingContract.toLowerCase() as Address)
      : null;
  return {
    kind: "unsignable",
    intent_id: unsignableId(td),
    method: `eip712:${primaryType}`,
    contract_address: verifying,
    notional_micros: 0n,
    size_usd: 0,
    digest: null,
  };
}

/**
 * Decodes a signing request into a {@link SigningIntent}: an order or ClobAuth document only if it
 * is *exactly* the known type for this chain and wallet, any other typed data, message or
 * transaction as an unsignable intent (denied later by the WalletPermissionGuard), and anything
 * that claims to be an order or ClobAuth but deviates as `SEC_SIGNING_INVALID`. Never throws.
 *
 * @param request - What the strategy asked to sign.
 * @param ctx - Chain, wallet, clock and limits.
 * @returns The intent or the first problem found.
 * @example
 * const r = decodeSigningRequest({ kind: "typed_data", typedData }, ctx)
 * if (r.ok && r.intent.kind === "order") r.intent.size_usd
 */
export function decodeSigningRequest(request: SigningRequest, ctx: DecodeContext): DecodeResult {
  try {
    if (!isPlainObject(request)) throw new Invalid("request", "must be an object");
    if (request.kind === "typed_data") return { ok: true, intent: decodeTypedData(request.typedData, ctx) };
    if (request.kind === "message" || request.kind === "transaction") {
      return {
        ok: true,
        intent: {
          kind: "unsignable",
          intent_id: unsignableId(request),
          method: request.kind === "message" ? "personal_sign" : "eth_signTransaction",
          contract_address: null,
          notional_micros: 0n,
          size_usd: 0,
          digest: null,
        },
      };
    }
    throw new Invalid("request.kind", "unknown request kind");
  } catch (e) {
    if (e instanceof Invalid)
      return { ok: false, reason_code: "SEC_SIGNING_INVALID", evidence: { field: e.field, problem: e.problem } };
    // Anything unexpected (a getter that throws, a cyclic structure) is still only a refusal.
    return { ok: false, reason_code: "SEC_SIGNING_INVALID", evidence: { field: "request", problem: "unreadable" } };
  }
}
