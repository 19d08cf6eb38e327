import { readFileSync } from "node:fs";

/**
 * Linux's id of the current boot, or null where there is none.
 *
 * @example
 * readBootId() // "3f1c…" on Linux, null elsewhere
 */
export function readBootId(): string | null {
  try {
    const id = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    return id === "" ? null : id;
  } catch {
    return null;
  }
}
