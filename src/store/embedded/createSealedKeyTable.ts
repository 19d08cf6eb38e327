import type { DatabaseSync } from "node:sqlite";
import { assertSealedKeyInput } from "../assertSealedKeyInput";
import type { Store } from "../Store";
import type { GroupCommit } from "./createGroupCommit";

/**
 * The sealed keys of the embedded store: the `sealed_keys` table, served from memory and written
 * through the group commit (a put resolves once it is durable). Set-if-absent is decided in
 * memory, synchronously, so two puts in the same turn cannot both win. The blobs are sealed by the
 * caller; this table never holds a plaintext key.
 *
 * @param params.db - The open store file (its schema has `sealed_keys`).
 * @param params.commits - The store's group commit.
 * @returns The sealed-key methods of the Store.
 * @example
 * const sealed = createSealedKeyTable({ db, commits }); await sealed.putSealedKey("k", blob)
 */
export function createSealedKeyTable({ db, commits }: { db: DatabaseSync; commits: Pick<GroupCommit, "enqueue" | "assertHealthy"> }): Pick<Store, "putSealedKey" | "getSealedKey" | "deleteSealedKey"> {
  const insert = db.prepare("INSERT INTO sealed_keys (name, blob) VALUES (?, ?)");
  const remove = db.prepare("DELETE FROM sealed_keys WHERE name = ?");
  const held = new Map<string, string>();
  for (const row of db.prepare("SELECT name, blob FROM sealed_keys").all()) held.set(String(row.name), String(row.blob));
  return {
    async putSealedKey(name, blob) {
      assertSealedKeyInput(name, blob);
      commits.assertHealthy();
      const existing = held.get(name);
      if (existing !== undefined) return existing;
      held.set(name, blob);
      await commits.enqueue(() => insert.run(name, blob));
      return blob;
    },
    async getSealedKey(name) {
      assertSealedKeyInput(name);
      commits.assertHealthy();
      return held.get(name);
    },
    async deleteSealedKey(name) {
      assertSealedKeyInput(name);
      commits.assertHealthy();
      if (!held.delete(name)) return;
      await commits.enqueue(() => remove.run(name));
    },
  };
}
