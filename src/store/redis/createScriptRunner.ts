import type { RedisClient } from "./openRedisClients";
import { RedisCommandTimeout } from "./RedisCommandTimeout";
import { REDIS_SCRIPTS, type RedisScriptName } from "./redisScripts";
import { withTimeout } from "./withTimeout";

/** One script call: the reply within the bound, and the moment the command really settles. */
export type ScriptCall = { reply: Promise<unknown>; settled: Promise<void> };

/** Runs the store's scripts on the wallet's slot, each within the command bound. */
export type ScriptRunner = {
  /** Runs a script; `timeoutMs` overrides the bound (the open's bulk reads). */
  run(name: RedisScriptName, args: ReadonlyArray<string | number>, timeoutMs?: number): ScriptCall;
  /** Commands that timed out since open. */
  readonly timeouts: number;
};

/**
 * The script runner: EVALSHA (EVAL once if the server lost its script cache, e.g. after a
 * restart), with `KEYS[1]` the generation marker — the key that routes the call to the wallet's
 * slot. Each call is bounded by `timeoutMs` ({@link withTimeout}).
 *
 * @param params.client - The commands connection.
 * @param params.marker - The wallet's generation marker key.
 * @param params.timeoutMs - The bound on every call.
 * @returns The runner.
 * @example
 * const { reply } = runner.run("probe", [generation, prefix])
 */
export function createScriptRunner({ client, marker, timeoutMs }: { client: RedisClient; marker: string; timeoutMs: number }): ScriptRunner {
  let timeouts = 0;
  const call = async (name: RedisScriptName, args: ReadonlyArray<string | number>): Promise<unknown> => {
    const script = REDIS_SCRIPTS[name];
    try {
      return await client.evalsha(script.sha, 1, marker, ...args);
    } catch (e) {
      // NOSCRIPT: the script did not run; send its source (Redis caches it again).
      if (e instanceof Error && e.message.startsWith("NOSCRIPT")) return client.eval(script.lua, 1, marker, ...args);
      throw e;
    }
  };
  return {
    run(name, args, bound = timeoutMs) {
      const raw = call(name, args);
      const settled = raw.then(
        () => undefined,
        () => undefined,
      );
      const reply = withTimeout(raw, bound, name).catch((e: unknown) => {
        if (e instanceof RedisCommandTimeout) timeouts++;
        throw e;
      });
      return { reply, settled };
    },
    get timeouts() {
      return timeouts;
    },
  };
}
