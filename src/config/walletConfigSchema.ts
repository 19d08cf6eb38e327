import { isAddress } from "viem";
import { z } from "zod";
import { POLYMARKET_RELAYER_URL } from "../core/polymarket/depositWallet";
import { wholeNumberField } from "../market/clobApiConfigFields";

const address = (field: string, what: string) =>
  z
    .string({ error: `${field} must be ${what}: 0x followed by 40 hex digits` })
    .refine((v) => isAddress(v), { error: `${field} must be ${what}: 0x followed by 40 hex digits (mixed case only with a valid checksum)` });

const httpUrl = (field: string, example: string) =>
  z.url({ protocol: /^https?$/, error: `${field} must be an http(s) URL such as ${example}` });

const seconds = (field: string, fix: string, max: number) =>
  z
    .number({ error: `${field} must be a number of seconds; ${fix}` })
    .int({ error: `${field} must be whole seconds; ${fix}` })
    .min(1, { error: `${field} must be at least 1; ${fix}` })
    .max(max, { error: `${field} must be at most ${max}; ${fix}` });

const eoaWalletSchema = z
  .object({
    mode: z.literal("eoa").default("eoa"),
    keystore_path: z
      .string()
      .min(1, { error: "wallet.keystore_path must name a Web3 Secret Storage v3 JSON file" })
      .default(".warden/wallet.json"),
  })
  .strict();

const depositWalletSchema = z
  .object({
    mode: z.literal("deposit-wallet"),
    owner: address("wallet.owner", "the address of the EOA that owns the deposit wallet (it signs the authorisation)"),
    deposit_wallet: address("wallet.deposit_wallet", "the deposit wallet's address (the maker of its orders; polymarket.com shows it as your wallet)"),
    rpc_url: httpUrl("wallet.rpc_url", "https://polygon-rpc.com (a Polygon JSON-RPC endpoint Warden reads the authorisation from)"),
    session_keystore_path: z
      .string()
      .min(1, { error: "wallet.session_keystore_path must name the session signer's keystore file, e.g. .warden/session-signer.json" })
      .default(".warden/session-signer.json"),
    relayer_url: httpUrl("wallet.relayer_url", POLYMARKET_RELAYER_URL).default(POLYMARKET_RELAYER_URL),
    poll_interval_s: seconds("wallet.poll_interval_s", "how often the authorisation is read, e.g. 4", 300).default(4),
    max_staleness_s: seconds("wallet.max_staleness_s", "how old an authorisation answer may be before nothing is signed, e.g. 30", 3600).default(30),
  })
  .strict()
  .refine((w) => w.max_staleness_s > w.poll_interval_s, {
    error: "wallet.max_staleness_s must be greater than wallet.poll_interval_s, or every answer goes stale before the next read; raise max_staleness_s",
    path: ["max_staleness_s"],
  });

const safeModuleSchema = z
  .object({
    mode: z.literal("safe-module"),
    safe: address("wallet.safe", "the Safe's address (maker and signer of its orders)"),
    module: address("wallet.module", "the address of the Warden module the Safe enabled (warden safe setup enables it)"),
    rpc_url: httpUrl("wallet.rpc_url", "https://polygon-rpc.com (a Polygon JSON-RPC endpoint Warden reads the module's sessions from)"),
    session_keys_dir: z
      .string({ error: "wallet.session_keys_dir must name a directory for the encrypted session keys, e.g. .warden/safe-sessions" })
      .min(1, { error: "wallet.session_keys_dir must name a directory for the encrypted session keys, e.g. .warden/safe-sessions" })
      .default(".warden/safe-sessions"),
    poll_interval_s: seconds("wallet.poll_interval_s", "how often the sessions' grants are read back from the module, e.g. 4", 300).default(4),
    max_staleness_s: seconds("wallet.max_staleness_s", "how old a grant read may be before nothing is signed for the session, e.g. 30", 3600).default(30),
    reorg_depth_blocks: wholeNumberField("wallet.reorg_depth_blocks", "blocks", 1, 1_000, 32).default(32),
    max_head_age_s: seconds("wallet.max_head_age_s", "how old the RPC's head block may be before nothing is signed (a lagging node), e.g. 30; omit it to not check", 3600).optional(),
    guardian: address("wallet.guardian", "the risk team's guardian key: it may pause the Safe's sessions on the module, never grant or unpause (warden safe setup sets it)").optional(),
    max_order_age_s: seconds("wallet.max_order_age_s", "how long after its timestamp a signed order stays valid on-chain (the grant's maxOrderAgeSec), e.g. 86400", 30 * 86_400).default(86_400),
    extensible_fallback_handler: address("wallet.extensible_fallback_handler", "Safe's ExtensibleFallbackHandler on this chain (1.5.0 canonical: 0x85a8ca358D388530ad0fB95D0cb89Dd44Fc242c3)").default(
      "0x85a8ca358D388530ad0fB95D0cb89Dd44Fc242c3",
    ),
    safe_contracts: z
      .object({
        safe_singleton: address("wallet.safe_contracts.safe_singleton", "the Safe singleton your Safe's proxy points to"),
        safe_proxy_factory: address("wallet.safe_contracts.safe_proxy_factory", "the SafeProxyFactory of that Safe version"),
        multi_send_call_only: address("wallet.safe_contracts.multi_send_call_only", "a MultiSendCallOnly deployment (batches the setup)"),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((w) => w.max_staleness_s > w.poll_interval_s, {
    error: "wallet.max_staleness_s must be greater than wallet.poll_interval_s, or every answer goes stale before the next read; raise max_staleness_s",
    path: ["max_staleness_s"],
  });

/**
 * The `wallet` section: a union on `mode`. `eoa` (the default, `mode` may be left out): Warden holds
 * the wallet key in `keystore_path`. `deposit-wallet`: Warden holds the session signer of the
 * owner's Polymarket deposit wallet (key in `session_keystore_path`), reads its on-chain
 * authorisation through `rpc_url` every `poll_interval_s` and signs nothing once the last answer is
 * older than `max_staleness_s`. `safe-module`: the owners of `safe` keep their keys; Warden holds one
 * fresh session key per session (encrypted in `session_keys_dir`) and signs only for sessions
 * granted on-chain by the Warden `module` and read back equal (every `poll_interval_s`, nothing
 * signed once the last read is older than `max_staleness_s`). No off-chain-only Safe sessions: the
 * module refuses every order of a session it has no grant for. `safe_contracts` names Safe's own
 * contracts on a chain without the canonical deployments (a local chain).
 *
 * @example
 * walletConfigSchema.parse({ mode: "deposit-wallet", owner: "0x…", deposit_wallet: "0x…", rpc_url: "https://polygon-rpc.com" })
 */
export const walletConfigSchema = z
  .discriminatedUnion("mode", [eoaWalletSchema, depositWalletSchema, safeModuleSchema], { error: "wallet.mode must be eoa, deposit-wallet or safe-module" })
  .default({ mode: "eoa", keystore_path: ".warden/wallet.json" });

/** The validated `wallet` section. */
export type WalletConfig = z.infer<typeof walletConfigSchema>;
