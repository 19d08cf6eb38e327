import type { Logger } from "pino";
import type { WardenConfig } from "../config/wardenConfigSchema";
import type { OrderHasher } from "../signer/createOrderHasher";
import type { Wallet } from "../signer/wallets/Wallet";
import type { SafeSessionAdmin } from "../chain/createSafeSessionAdmin";
import type { Store } from "../store/Store";
import type { RiskContextSource } from "./createRiskContextSource";
import type { LiveConfig } from "./liveConfig";

/** The ports and shared state every use case of one Warden works with (built by createWarden). */
export type WardenContext = {
  /** The configuration Warden started with (what overrides cannot change: chain, store, signing windows). */
  readonly config: WardenConfig;
  readonly live: LiveConfig;
  readonly store: Store;
  readonly wallet: Wallet;
  readonly hasher: OrderHasher;
  readonly risk: RiskContextSource;
  readonly logger: Logger;
  readonly now: () => number;
  /** safe-module mode: the sessions' chain side (grants, read-back, revocations). */
  readonly safeSessions?: SafeSessionAdmin;
};
