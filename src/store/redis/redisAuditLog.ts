import { InvalidParameterError } from "../../errors/InvalidParameterError";
import type { AuditRecord, AuditVerification, Store } from "../Store";
import { verifyAuditChain } from "../verifyAuditChain";
import type { RedisCore } from "./RedisCore";
import { AUDIT_PAGE } from "./redisBounds";

/** Meta keys the store keeps for itself. */
const RESERVED_META = new Set(["opened_at_ms"]);

/**
 * The audit log and the meta of the Redis store. The log is one stream per generation, appended by
 * every instance in one SHA-256 chain (each instance chains on the head it saw; the commit script
 * appends only if the head is still that one, else the instance catches up and chains again), so
 * verifying it proves the whole log across instances and names the first broken or missing
 * record — including a lost or replaced tail, checked against the head kept beside the stream.
 *
 * @param core - The store's core.
 * @returns The audit and meta methods of the Store.
 * @example
 * const { verifyAudit } = redisAuditLog(core)
 */
export function redisAuditLog(core: RedisCore): Pick<Store, "appendAudit" | "readAudit" | "readAuditTail" | "readAuditOfKind" | "verifyAudit" | "getMeta" | "setMeta"> {
  async function readAudit(fromSeq: number, limit: number): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    let from = Math.max(1, fromSeq);
    while (out.length < limit) {
      const page = await core.readPage(from, "asc", Math.min(AUDIT_PAGE, limit - out.length), "read audit");
      out.push(...page.records);
      if (page.records.length === 0) break;
      from = (page.records.at(-1) as AuditRecord).seq + 1;
    }
    return out;
  }
  return {
    async appendAudit(input) {
      core.assertHealthy("append audit");
      return core.committedRecord(await core.write("A", [], core.recordOf(input), { type: "none" }, { operation: "append audit" }), "append audit");
    },
    readAudit,
    async readAuditTail(limit) {
      // The head as Redis has it now (every instance's appends), then the page that ends there.
      const { headSeq } = await core.readPage(1, "asc", 1, "read audit");
      return (await readAudit(Math.max(1, headSeq - limit + 1), limit)).filter((r) => r.seq <= headSeq);
    },
    async readAuditOfKind(kind) {
      const out: AuditRecord[] = [];
      for (let from = 1; ; ) {
        const page = await core.readPage(from, "asc", AUDIT_PAGE, "read audit");
        out.push(...page.records.filter((r) => r.kind === kind));
        if (page.records.length === 0) return out;
        from = (page.records.at(-1) as AuditRecord).seq + 1;
      }
    },
    async verifyAudit(): Promise<AuditVerification> {
      // The whole log, across every instance that appended to it, up to the head as it is now.
      let result: AuditVerification | null = null;
      let headSeq = -1;
      let headHash = "";
      for (let from = 1; ; ) {
        const page = await core.readPage(from, "asc", AUDIT_PAGE, "verify audit");
        if (headSeq < 0) {
          headSeq = page.headSeq;
          headHash = page.headHash;
        }
        const records = page.records.filter((r) => r.seq <= headSeq);
        result = verifyAuditChain(records, result?.ok ? result : undefined);
        if (!result.ok) return result;
        if (records.length < page.records.length || page.records.length === 0) break;
        from = (page.records.at(-1) as AuditRecord).seq + 1;
      }
      if (!result.ok) return result;
      // Records missing at the end (the log stops short of the head) or a replaced last record.
      if (result.records < headSeq) return { ok: false, records: result.records, broken_at_seq: result.records + 1, problem: "seq_gap" };
      if (result.records > 0 && result.head !== headHash) return { ok: false, records: result.records - 1, broken_at_seq: result.records, problem: "hash_mismatch" };
      return result;
    },

    async getMeta(key) {
      return (await core.field("m", key, "get meta")) ?? undefined;
    },
    async setMeta(key, value) {
      if (RESERVED_META.has(key)) throw new InvalidParameterError({ field: `meta key ${key}`, fix: "Use another key: this one belongs to the store." });
      core.assertHealthy("set meta");
      await core.write("M", [key, value], null, { type: "none" }, { operation: "set meta" });
    },
  };
}
