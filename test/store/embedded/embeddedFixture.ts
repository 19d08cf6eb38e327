import { rmSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { createEmbeddedStore } from "../../../src/store/embedded/createEmbeddedStore";
import type { Store } from "../../../src/store/Store";
import type { OpenStoreFixture } from "../storeContract";
import { tempDir } from "../storeFixtures";

/** Pages of a new file (8 KiB each) that hold `capacityBytes`. */
const pagesFor = (capacityBytes?: number) => (capacityBytes === undefined ? {} : { maxPageCount: Math.floor(capacityBytes / 8192) });

/** Embedded stores in a fresh file: reopen and tamper go through the file (the latter past the append-only triggers). */
export const embeddedOnDisk =
  (synchronous: "FULL" | "NORMAL"): OpenStoreFixture =>
  async ({ capacityBytes } = {}) => {
    const dir = tempDir();
    const path = join(dir, "w.db");
    const open = () => createEmbeddedStore({ path, synchronous, ...pagesFor(capacityBytes) });
    let current: Store = await open();
    return {
      store: current,
      async reopen() {
        await current.close();
        current = await open();
        return current;
      },
      async tamper(seq, change) {
        await current.close();
        const db = new DatabaseSync(path);
        db.exec("DROP TRIGGER audit_append_only_update; DROP TRIGGER audit_append_only_delete;");
        if (change === "remove") db.prepare("DELETE FROM audit WHERE seq = ?").run(seq);
        else db.prepare("UPDATE audit SET payload_json = ? WHERE seq = ?").run(change.payload_json, seq);
        db.close();
        current = await open();
        return current;
      },
      async cleanup() {
        await current.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };

/** An embedded store in memory: nothing outlives it, so no reopen and no tampering. */
export const embeddedInMemory: OpenStoreFixture = async ({ capacityBytes } = {}) => {
  const store = await createEmbeddedStore({ path: ":memory:", synchronous: "FULL", ...pagesFor(capacityBytes) });
  return { store, cleanup: () => store.close() };
};
