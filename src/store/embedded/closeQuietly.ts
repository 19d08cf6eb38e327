import type { DatabaseSync } from "node:sqlite";

/** Closes what an open that failed had opened; the lock's connection last (closing it releases the lock). */
export function closeQuietly(db: DatabaseSync | undefined, lock: DatabaseSync | null): void {
  for (const c of [db, lock]) {
    try {
      if (c?.isOpen) c.close();
    } catch {
      // Already unusable; nothing else to undo.
    }
  }
}
