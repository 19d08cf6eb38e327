import { afterEach, describe } from "vitest";
import type { Store } from "../../src/store/Store";
import { auditContract } from "./contract/auditContract";
import { decisionsContract } from "./contract/decisionsContract";
import { durabilityContract } from "./contract/durabilityContract";
import { exposureContract } from "./contract/exposureContract";
import { sealedKeysContract } from "./contract/sealedKeysContract";
import { sessionsContract } from "./contract/sessionsContract";

/** One store under test, on storage of its own. */
export type StoreFixture = {
  /** The store as opened (after {@link StoreFixture.reopen} or {@link StoreFixture.tamper}, use the store they return). */
  store: Store;
  /** Closes the open store and opens the same storage again; absent where nothing outlives the store. */
  reopen?: () => Promise<Store>;
  /**
   * Closes the open store, changes audit record `seq` behind its back (past any protection of the
   * storage's own, as an attacker with the disk would) and opens it again; absent where impossible.
   */
  tamper?: (seq: number, change: { payload_json: string } | "remove") => Promise<Store>;
  /** Closes whatever is open and removes the storage. */
  cleanup(): Promise<void>;
};

/** Opens a fresh store; `capacityBytes` caps its storage so that writes past it fail like a full disk. */
export type OpenStoreFixture = (options?: { capacityBytes?: number }) => Promise<StoreFixture>;

/** What each part of the contract gets: a fresh store, cleaned up after its test. */
export type ContractContext = { fresh: OpenStoreFixture };

/**
 * The behaviour every {@link Store} implementation owes Warden, as one suite: run it once per
 * implementation (and per configuration worth covering) with a factory for fresh stores.
 * Tests that need a reopen or tampering are skipped where the fixture cannot do them.
 *
 * @example
 * describe.each(variants)("embedded store %s", (_name, open) => describeStoreContract("contract", open))
 */
export function describeStoreContract(name: string, open: OpenStoreFixture): void {
  describe(name, () => {
    const opened: StoreFixture[] = [];
    afterEach(async () => {
      for (const f of opened.splice(0)) await f.cleanup();
    });
    const ctx: ContractContext = {
      fresh: async (options) => {
        const f = await open(options);
        opened.push(f);
        return f;
      },
    };
    sessionsContract(ctx);
    decisionsContract(ctx);
    auditContract(ctx);
    exposureContract(ctx);
    durabilityContract(ctx);
    sealedKeysContract(ctx);
  });
}
