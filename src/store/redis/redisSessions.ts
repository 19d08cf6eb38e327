import type { Hex } from "viem";
import type { PendingGrant } from "../../core/SessionRecord";
import { sessionScopeFromJson } from "../../core/sessionScopeFromJson";
import { toJson } from "../../core/toJson";
import { SessionGrantError } from "../../errors/SessionGrantError";
import { StoreUnavailableError } from "../../errors/StoreUnavailableError";
import type { Store } from "../Store";
import type { RedisCore } from "./RedisCore";

const MAX_RETRIES = 8;

/**
 * Pending grants and sessions in the Redis store: each change is one audited write (a grant is
 * redeemed once, whichever instance redeems it); reads on the signing path answer from this
 * instance's mirror, and the others catch it up on the log first.
 *
 * @param core - The store's core.
 * @returns The grant and session methods of the Store.
 * @example
 * const { issueSession } = redisSessions(core)
 */
export function redisSessions(
  core: RedisCore,
): Pick<Store, "savePendingGrant" | "getPendingGrant" | "discardPendingGrants" | "issueSession" | "getSession" | "findSessionByCredentialHash" | "listSessions" | "revokeSessions"> {
  return {
    async savePendingGrant(grant, input, { pruneExpiredBeforeMs, maxPending }) {
      core.assertHealthy("save grant");
      const fields = [grant.grant_id, toJson(grant), grant.expires_at_ms, pruneExpiredBeforeMs, maxPending];
      const o = await core.write("G", fields, core.recordOf(input), { type: "none" }, { operation: "save grant" });
      if (o.status === "stopped" && o.reason === "full") return "full";
      core.committedRecord(o, "save grant");
      return "saved";
    },
    async getPendingGrant(grantId) {
      const value = await core.field("g", grantId, "get grant");
      if (value === null) return undefined;
      const g = JSON.parse(value.slice(value.indexOf(" ") + 1)) as PendingGrant & { scope: Record<string, unknown> };
      return { ...g, scope: sessionScopeFromJson(g.scope) };
    },
    async discardPendingGrants(input) {
      for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
        core.assertHealthy("discard grants");
        let flat: string[];
        try {
          flat = (await core.reply("fields", ["g"]))[1] as string[];
        } catch (cause) {
          if (!(cause instanceof StoreUnavailableError)) core.markUnavailable(cause instanceof Error ? cause.message : "read failed", false);
          throw core.unavailable("discard grants");
        }
        // In the order they were saved (each value starts with its record's seq).
        const ids: Hex[] = [];
        const order = new Map<string, number>();
        for (let i = 0; i + 1 < flat.length; i += 2) {
          if (flat[i] === "_") continue;
          ids.push(flat[i] as Hex);
          order.set(flat[i] as string, Number.parseInt(flat[i + 1] as string, 10));
        }
        ids.sort((a, b) => (order.get(a) as number) - (order.get(b) as number));
        const o = await core.write("X", [ids.length, ...ids], core.recordOf(input(ids)), { type: "none" }, { operation: "discard grants" });
        if (o.status === "committed") return ids;
      }
      throw new StoreUnavailableError({ operation: "discard grants", problem: "pending grants kept changing (contention)" });
    },

    async issueSession(session, grantId, input) {
      core.assertHealthy("issue session");
      const o = await core.write(
        "I",
        [session.session_id, session.credential_hash, toJson(session), session.calls_used, session.last_used_ms, session.revoked_at_ms ?? "", session.revoke_reason ?? "", grantId],
        core.recordOf(input),
        { type: "issue", session: { ...session } },
        { operation: "issue session" },
      );
      if (o.status === "stopped") throw new SessionGrantError({ reason: "grant_already_used", grantId });
      return core.committedRecord(o, "issue session");
    },
    async getSession(id) {
      await core.sync("get session");
      return core.mirror.sessions.get(id);
    },
    async findSessionByCredentialHash(hash) {
      core.assertHealthy("find session");
      // On the signing path: the mirror answers; a session issued elsewhere since is caught up.
      const s = core.mirror.byCredential.get(hash);
      if (s) return s;
      await core.sync("find session");
      return core.mirror.byCredential.get(hash);
    },
    async listSessions() {
      await core.sync("list sessions");
      return [...core.mirror.sessions.values()];
    },
    async revokeSessions(ids, reason, atMs, input) {
      core.assertHealthy("revoke");
      const o = await core.write("V", [toJson({ ids, at: atMs, reason }), reason, atMs, ids.length, ...ids], core.recordOf(input), { type: "revoke", ids, atMs, reason }, { operation: "revoke" });
      return core.committedRecord(o, "revoke");
    },
  };
}
