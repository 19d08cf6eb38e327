import { describe, expect, test } from "vitest";
import { parseConfig } from "../../src/config/parseConfig";

const OWNER = "0x1111111111111111111111111111111111111111";
const DEPOSIT_WALLET = "0x574548bc296a44a39a7828343fc262244f37a7e5";
const deposit = (over: Record<string, unknown> = {}) => ({ wallet: { mode: "deposit-wallet", owner: OWNER, deposit_wallet: DEPOSIT_WALLET, rpc_url: "https://polygon-rpc.com", ...over } });
const SAFE = "0x2222222222222222222222222222222222222222";
const MODULE = "0x3333333333333333333333333333333333333333";
const safeModule = (over: Record<string, unknown> = {}) => ({ wallet: { mode: "safe-module", safe: SAFE, module: MODULE, rpc_url: "https://polygon-rpc.com", ...over } });
const problems = (input: unknown) => {
  try {
    parseConfig(input);
  } catch (e) {
    return (e as { details: { problems: string } }).details.problems;
  }
  return "parsed";
};

describe("wallet: a union on mode", () => {
  test("eoa stays the default, with or without mode", () => {
    expect(parseConfig({}).wallet).toEqual({ mode: "eoa", keystore_path: ".warden/wallet.json" });
    expect(parseConfig({ wallet: { keystore_path: "k.json" } }).wallet).toEqual({ mode: "eoa", keystore_path: "k.json" });
  });

  test("deposit-wallet fills in its defaults", () => {
    expect(parseConfig(deposit()).wallet).toEqual({
      mode: "deposit-wallet",
      owner: OWNER,
      deposit_wallet: DEPOSIT_WALLET,
      rpc_url: "https://polygon-rpc.com",
      session_keystore_path: ".warden/session-signer.json",
      relayer_url: "https://relayer-v2.polymarket.com",
      poll_interval_s: 4,
      max_staleness_s: 30,
    });
  });

  test.each([
    ["an unknown mode", { wallet: { mode: "safe" } }, "✖ wallet.mode must be eoa, deposit-wallet or safe-module\n  → at wallet.mode"],
    ["a missing owner", deposit({ owner: undefined }), "✖ wallet.owner must be the address of the EOA that owns the deposit wallet (it signs the authorisation): 0x followed by 40 hex digits\n  → at wallet.owner"],
    ["a bad checksum", deposit({ deposit_wallet: "0x574548BC296a44a39a7828343fc262244f37a7e5" }), "✖ wallet.deposit_wallet must be the deposit wallet's address (the maker of its orders; polymarket.com shows it as your wallet): 0x followed by 40 hex digits (mixed case only with a valid checksum)\n  → at wallet.deposit_wallet"],
    ["a non-http RPC", deposit({ rpc_url: "ws://localhost:8545" }), "✖ wallet.rpc_url must be an http(s) URL such as https://polygon-rpc.com (a Polygon JSON-RPC endpoint Warden reads the authorisation from)\n  → at wallet.rpc_url"],
    ["a staleness bound below the poll interval", deposit({ poll_interval_s: 10, max_staleness_s: 10 }), "✖ wallet.max_staleness_s must be greater than wallet.poll_interval_s, or every answer goes stale before the next read; raise max_staleness_s\n  → at wallet.max_staleness_s"],
    ["an eoa field in deposit-wallet mode", deposit({ keystore_path: "k.json" }), '✖ Unrecognized key: "keystore_path"\n  → at wallet'],
  ])("refuses %s, naming the field and the fix", (_label, input, message) => {
    expect(problems(input)).toBe(message);
  });
});

describe("wallet: safe-module mode", () => {
  test("fills in the session keys' directory, the read-back cadence, the on-chain order age and the canonical ExtensibleFallbackHandler", () => {
    expect(parseConfig(safeModule()).wallet).toEqual({
      mode: "safe-module",
      safe: SAFE,
      module: MODULE,
      rpc_url: "https://polygon-rpc.com",
      session_keys_dir: ".warden/safe-sessions",
      poll_interval_s: 4,
      max_staleness_s: 30,
      max_order_age_s: 86_400,
      reorg_depth_blocks: 32,
      extensible_fallback_handler: "0x85a8ca358D388530ad0fB95D0cb89Dd44Fc242c3",
    });
  });

  test.each([
    ["a missing safe", safeModule({ safe: undefined }), "✖ wallet.safe must be the Safe's address (maker and signer of its orders): 0x followed by 40 hex digits\n  → at wallet.safe"],
    ["a bad module address", safeModule({ module: "0x33" }), "✖ wallet.module must be the address of the Warden module the Safe enabled (warden safe setup enables it): 0x followed by 40 hex digits (mixed case only with a valid checksum)\n  → at wallet.module"],
    ["a non-http RPC", safeModule({ rpc_url: "ws://localhost:8545" }), "✖ wallet.rpc_url must be an http(s) URL such as https://polygon-rpc.com (a Polygon JSON-RPC endpoint Warden reads the module's sessions from)\n  → at wallet.rpc_url"],
    ["an empty keys directory", safeModule({ session_keys_dir: "" }), "✖ wallet.session_keys_dir must name a directory for the encrypted session keys, e.g. .warden/safe-sessions\n  → at wallet.session_keys_dir"],
    ["an off-chain-only switch (there is none: the module refuses every order without an on-chain grant)", safeModule({ allow_offchain_sessions: true }), '✖ Unrecognized key: "allow_offchain_sessions"\n  → at wallet'],
    ["a deposit-wallet field", safeModule({ owner: SAFE }), '✖ Unrecognized key: "owner"\n  → at wallet'],
    ["a staleness bound below the poll interval", safeModule({ poll_interval_s: 10, max_staleness_s: 5 }), "✖ wallet.max_staleness_s must be greater than wallet.poll_interval_s, or every answer goes stale before the next read; raise max_staleness_s\n  → at wallet.max_staleness_s"],
    ["an order age beyond 30 days", safeModule({ max_order_age_s: 31 * 86_400 }), "✖ wallet.max_order_age_s must be at most 2592000; how long after its timestamp a signed order stays valid on-chain (the grant's maxOrderAgeSec), e.g. 86400\n  → at wallet.max_order_age_s"],
    ["a reorg depth of 0", safeModule({ reorg_depth_blocks: 0 }), "✖ wallet.reorg_depth_blocks must be at least 1 blocks; raise it\n  → at wallet.reorg_depth_blocks"],
    ["a fractional reorg depth", safeModule({ reorg_depth_blocks: 2.5 }), "✖ wallet.reorg_depth_blocks must be whole blocks, e.g. 32\n  → at wallet.reorg_depth_blocks"],
    ["a head age of 0", safeModule({ max_head_age_s: 0 }), "✖ wallet.max_head_age_s must be at least 1; how old the RPC's head block may be before nothing is signed (a lagging node), e.g. 30; omit it to not check\n  → at wallet.max_head_age_s"],
    ["a guardian that is no address", safeModule({ guardian: "risk-team" }), "✖ wallet.guardian must be the risk team's guardian key: it may pause the Safe's sessions on the module, never grant or unpause (warden safe setup sets it): 0x followed by 40 hex digits (mixed case only with a valid checksum)\n  → at wallet.guardian"],
    ["an incomplete safe_contracts", safeModule({ safe_contracts: { safe_singleton: SAFE } }), "✖ wallet.safe_contracts.safe_proxy_factory must be the SafeProxyFactory of that Safe version: 0x followed by 40 hex digits\n  → at wallet.safe_contracts.safe_proxy_factory\n✖ wallet.safe_contracts.multi_send_call_only must be a MultiSendCallOnly deployment (batches the setup): 0x followed by 40 hex digits\n  → at wallet.safe_contracts.multi_send_call_only"],
  ])("refuses %s, naming the field and the fix", (_label, input, message) => {
    expect(problems(input)).toBe(message);
  });
});
