import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError } from "../../src/errors/ConfigError";
import { createStore } from "../../src/store/createStore";
import { type StoreConfig, storeConfigSchema } from "../../src/store/storeConfigSchema";
import { seed, tempDir } from "./storeFixtures";

describe("createStore", () => {
  test("kind embedded opens the embedded store on the configured file", async () => {
    const path = join(tempDir(), "w.db");
    const store = await createStore(storeConfigSchema.parse({ kind: "embedded", path, synchronous: "FULL" }));
    const s = await seed(store);
    await store.close();
    const again = await createStore(storeConfigSchema.parse({ path }));
    expect((await again.getSession(s.session_id))?.session_id).toBe(s.session_id);
    expect((await again.health()).gauges.map((g) => g.name)).toContain("warden_store_wal_sync_age_seconds");
    await again.close();
  });

  test("a kind without an implementation (a config that skipped validation) is a ConfigError naming the field and the fix", async () => {
    const e = await createStore({ kind: "redis", path: "x" } as unknown as StoreConfig).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).message).toMatchInlineSnapshot(`
      "Invalid configuration.
      ✖ store.kind must be embedded
        → at store.kind"
    `);
  });
});
