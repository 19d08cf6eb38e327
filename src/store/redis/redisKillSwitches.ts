import { toJson } from "../../core/toJson";
import type { Store } from "../Store";
import type { RedisCore } from "./RedisCore";

/**
 * Kill switches in the Redis store (routing pauses are strategy switches): setting one is one
 * audited write that also revokes the given sessions and moves the kill epoch, which every
 * decision's commit re-checks in Redis, so an instance whose view is behind can never approve past
 * it. Other instances' changes reach this one's view by pub/sub (a hint) or the next catch-up.
 *
 * @param core - The store's core.
 * @returns The kill-switch methods of the Store, and the local-epoch subscription the bench reads.
 * @example
 * const { setKillSwitch } = redisKillSwitches(core)
 */
export function redisKillSwitches(core: RedisCore): Pick<Store, "killSwitches" | "setKillSwitch"> & {
  onLocalKillEpoch(listener: (epoch: number) => void): () => void;
} {
  return {
    async killSwitches() {
      await core.sync("kill switches");
      return { switches: [...core.mirror.kills.values()], epoch: core.mirror.epoch };
    },
    async setKillSwitch(record, revokeIds, input) {
      core.assertHealthy("kill switch");
      const o = await core.write(
        "K",
        [`${record.scope}:${record.target}`, toJson(record), toJson({ ids: revokeIds, at: record.changed_at_ms, reason: "kill_switch" }), record.changed_at_ms, revokeIds.length, ...revokeIds],
        core.recordOf(input),
        { type: "kill", record, ids: revokeIds, atMs: record.changed_at_ms },
        { operation: "kill switch" },
      );
      return core.committedRecord(o, "kill switch");
    },
    onLocalKillEpoch(listener) {
      core.killListeners.add(listener);
      return () => core.killListeners.delete(listener);
    },
  };
}
