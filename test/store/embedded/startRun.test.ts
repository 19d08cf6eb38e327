import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, test } from "vitest";
import { createEmbeddedStore } from "../../../src/store/embedded/createEmbeddedStore";
import { T0 } from "../../helpers/guardFixtures";
import { tempDir } from "../storeFixtures";

describe("run marker: what the file says about the previous run", () => {
  test("a suspected loss survives whatever rewrites the run marker until a Warden acknowledges it", async () => {
    const path = join(tempDir(), "suspect.db");
    await (await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-a" })).close();
    const setMarker = (m: object) => {
      const db = new DatabaseSync(path);
      db.prepare("UPDATE meta SET value = ? WHERE key = 'run_state'").run(JSON.stringify(m));
      db.close();
    };
    // A NORMAL run on boot-a died with the machine.
    setMarker({ boot_id: "boot-a", synchronous: "NORMAL", clean: false, opened_at_ms: T0 });
    const first = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-b" });
    expect(await first.startup()).toMatchObject({ decisions_may_be_lost: true, loss_cause: "unclean_shutdown_across_reboot" });
    await first.close();
    // An older Warden then wrote its own marker on this boot and failed before acting.
    setMarker({ boot_id: "boot-b", synchronous: "FULL", clean: false, opened_at_ms: T0 + 1 });
    const second = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-b" });
    expect(await second.startup()).toMatchObject({ previous_run: "crashed", decisions_may_be_lost: true, loss_cause: "unclean_shutdown_across_reboot" });
    await second.acknowledgeStartup();
    await second.close();
    const third = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-b" });
    expect(await third.startup()).toEqual({ previous_run: "clean", decisions_may_be_lost: false });
    await third.close();
  });

  test("the marker is on disk while the store runs (clean: false) and after close (clean: true)", async () => {
    const path = join(tempDir(), "w.db");
    const store = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-a" });
    const marker = () => {
      const db = new DatabaseSync(path, { readOnly: true });
      const row = db.prepare("SELECT value FROM meta WHERE key = 'run_state'").get();
      db.close();
      return JSON.parse(String(row?.value));
    };
    expect(await store.startup()).toEqual({ previous_run: "none", decisions_may_be_lost: false });
    expect(marker()).toMatchObject({ boot_id: "boot-a", synchronous: "NORMAL", clean: false });
    await store.close();
    expect(marker()).toMatchObject({ boot_id: "boot-a", synchronous: "NORMAL", clean: true });
    const again = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-b" });
    expect(await again.startup()).toEqual({ previous_run: "clean", decisions_may_be_lost: false });
    await again.close();
  });

  test("a store whose commit failed does not vouch for itself at close", async () => {
    const path = join(tempDir(), "w.db");
    const store = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-a", maxPageCount: 14 });
    const big = "x".repeat(8000);
    let failed = false;
    for (let i = 0; i < 200 && !failed; i++) await store.appendAudit({ kind: "decision", at_ms: T0 + i, payload: { big } }).catch(() => (failed = true));
    expect(failed).toBe(true);
    await store.close();
    const again = await createEmbeddedStore({ path, synchronous: "NORMAL", bootId: "boot-b" });
    expect(await again.startup()).toMatchObject({ previous_run: "crashed_across_reboot", decisions_may_be_lost: true });
    await again.close();
  });
});
