import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** The store's Lua scripts (`lua/<name>.lua`), each run atomically on the wallet's slot. */
export type RedisScriptName = "commit" | "confirm" | "load" | "tail" | "decision" | "probe" | "probewrite" | "void" | "field" | "fields" | "audit" | "init" | "poison" | "sealed" | "seal";

/** A script ready for EVALSHA: its full source (flags line and shared prologue included) and SHA-1. */
export type RedisScript = { name: RedisScriptName; lua: string; sha: string; writes: boolean };

/** Scripts that write; the others declare `no-writes`, so Redis runs them even when out of memory. */
const WRITERS: ReadonlySet<RedisScriptName> = new Set(["commit", "confirm", "probewrite", "void", "init", "poison", "seal"]);
const NAMES: RedisScriptName[] = ["commit", "confirm", "load", "tail", "decision", "probe", "probewrite", "void", "field", "fields", "audit", "init", "poison", "sealed", "seal"];

const read = (name: string) => readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), "utf8");

/**
 * Every script of the Redis store, loaded once. The flags line comes first (a flagged script that
 * may write is refused as a whole when Redis is out of memory, so it never half-applies), then the
 * shared prologue (generation and structure checks), then the script.
 *
 * @example
 * REDIS_SCRIPTS.commit.sha // "3f…"
 */
export const REDIS_SCRIPTS: Readonly<Record<RedisScriptName, RedisScript>> = (() => {
  const prologue = read("prologue");
  const out = {} as Record<RedisScriptName, RedisScript>;
  for (const name of NAMES) {
    const writes = WRITERS.has(name);
    const lua = `${writes ? "#!lua" : "#!lua flags=no-writes"}\n${prologue}\n${read(name)}`;
    out[name] = { name, lua, sha: createHash("sha1").update(lua).digest("hex"), writes };
  }
  return out;
})();
