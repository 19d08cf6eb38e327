import { StoreUnavailableError } from "../../errors/StoreUnavailableError";
import { assertSealedKeyInput } from "../assertSealedKeyInput";
import type { Store } from "../Store";
import type { RedisCore } from "./RedisCore";

/**
 * The sealed keys of the Redis store: one hash under the wallet's tag (`{warden:<chain>:<wallet>}:sealed`),
 * shared by every instance. Set-if-absent and its reply are one script, so two instances putting
 * at once both get the first blob back. Each call is bounded by the command timeout and refused
 * (StoreUnavailableError) while the store is unavailable or its data lost. The blobs are sealed by
 * the caller: Redis never holds a plaintext key.
 *
 * @param core - The store's core.
 * @returns The sealed-key methods of the Store.
 * @example
 * const winner = await redisSealedKeys(core).putSealedKey("deposit-wallet:session-signer", blob)
 */
export function redisSealedKeys(core: RedisCore): Pick<Store, "putSealedKey" | "getSealedKey" | "deleteSealedKey"> {
  const call = async (script: "sealed" | "seal", args: string[], operation: string): Promise<string | undefined> => {
    core.assertHealthy(operation);
    try {
      const reply = await core.reply(script, [core.keyspace.sealed, ...args]);
      return typeof reply[1] === "string" ? reply[1] : undefined;
    } catch (cause) {
      if (cause instanceof StoreUnavailableError) throw cause;
      core.markUnavailable(cause instanceof Error ? cause.message : `${operation} failed`, script === "seal");
      throw core.unavailable(operation);
    }
  };
  return {
    async putSealedKey(name, blob) {
      assertSealedKeyInput(name, blob);
      const winner = await call("seal", ["put", name, blob], "put sealed key");
      if (winner === undefined) throw new StoreUnavailableError({ operation: "put sealed key", problem: "Redis did not return the sealed key it holds" });
      return winner;
    },
    async getSealedKey(name) {
      assertSealedKeyInput(name);
      return call("sealed", [name], "get sealed key");
    },
    async deleteSealedKey(name) {
      assertSealedKeyInput(name);
      await call("seal", ["del", name], "delete sealed key");
    },
  };
}
