import type { KillSwitchRecord, SessionRecord } from "../../core/SessionRecord";
import { StoreUnavailableError } from "../../errors/StoreUnavailableError";
import { decisionKey } from "../decisionKey";
import { deriveExposure, type ExposureRow } from "../deriveExposure";
import { createRedisMirror, type RedisMirror } from "./createRedisMirror";
import { parseStreamEntry, sessionFromJson } from "./redisStreamRecords";
import type { RedisClient } from "./openRedisClients";
import { AUDIT_PAGE } from "./redisBounds";
import { withTimeout } from "./withTimeout";

/** A loaded generation: the mirror, and what the load learned besides. */
export type LoadedGeneration = {
  mirror: RedisMirror;
  /** Intents voided in Redis (their commit's outcome was unknown to the instance that made it). */
  voided: Set<string>;
  /** The server's clock minus this machine's, measured during the load (ms). */
  clockOffsetMs: number;
  /** Whether a Warden opened this generation before (meta `opened_at_ms`). */
  openedBefore: boolean;
};

/** Runs one of the store's scripts for this generation. */
export type RunScript = (name: "load" | "audit", args: ReadonlyArray<string | number>, timeoutMs: number) => Promise<unknown[]>;

/**
 * Loads one generation of a wallet's store: head, kill switches and sessions read together
 * (`load.lua`), then the idempotency keys into the mirror's filter and the exposure of open orders
 * derived from the audit log back as far as the TTL (on the server's clock), both as of that head.
 *
 * @param params.generation - The generation to load.
 * @param params.prefix - Its key prefix.
 * @param params.markerKey - The wallet's generation marker.
 * @param params.client - The commands connection (for HSCAN).
 * @param params.run - Runs a script of this generation; rejects or returns its reply.
 * @param params.timeoutMs - Bound on each command of the load.
 * @returns The mirror at the loaded head, and what else the load learned.
 * @throws {StoreUnavailableError} when the generation is gone or broken.
 * @example
 * const { mirror } = await loadRedisMirror({ generation, prefix, markerKey, client, run, timeoutMs: 1000 })
 */
export async function loadRedisMirror({
  generation,
  prefix,
  markerKey,
  client,
  run,
  timeoutMs,
}: {
  generation: string;
  prefix: string;
  markerKey: string;
  client: RedisClient;
  run: RunScript;
  timeoutMs: number;
}): Promise<LoadedGeneration> {
  const t0 = Date.now();
  const reply = await run("load", [], timeoutMs);
  const t1 = Date.now();
  const [, seq, hash, epoch, xver, killFlat, sessionRows, sec, usec, opened] = reply as [string, string, string, string, string, string[], string[][], string, string, string];
  const serverNowMs = Number(sec) * 1000 + Math.floor(Number(usec) / 1000);
  const clockOffsetMs = serverNowMs - (t0 + t1) / 2;
  const kills: KillSwitchRecord[] = [];
  for (let i = 0; i + 1 < killFlat.length; i += 2) if (killFlat[i] !== "_") kills.push(JSON.parse(killFlat[i + 1] as string) as KillSwitchRecord);
  const sessions: SessionRecord[] = sessionRows.map(([j, c, u, r, rr]) =>
    sessionFromJson(j as string, { calls: c as string, lastUsed: u as string, revokedAt: r ?? "", revokeReason: rr ?? "" }),
  );

  // Exposure: read the whole log up to the loaded head, oldest first (a claim ends only on a
  // release, never by age), in pages; derive from the decisions and releases.
  const rows: ExposureRow[] = [];
  const head = Number(seq);
  let from = 1;
  let done = false;
  while (!done && from <= head) {
    const page = (await run("audit", [from, "asc", AUDIT_PAGE], timeoutMs))[3] as unknown[];
    done = page.length < AUDIT_PAGE;
    for (const e of page) {
      const r = parseStreamEntry(e);
      if (r.record.seq > head) {
        done = true;
        break;
      }
      if (r.record.kind === "decision" || r.record.kind === "exposure_released")
        rows.push({ kind: r.record.kind, payload_json: r.record.payload_json, at_ms: r.record.at_ms, clock_ms: r.clockMs });
      from = r.record.seq + 1;
    }
  }
  const ledger = deriveExposure({ oldestFirst: rows });
  const mirror = createRedisMirror({
    generation,
    load: { head: { seq: Number(seq), hash }, epoch: Number(epoch), xver: Number(xver), kills, sessions },
    ledger,
  });

  // Idempotency keys: every decided (or voided) intent goes into the filter, so a lookup of a new
  // intent needs no round trip. Keys added while this runs are in the filter or in the log after the head.
  const voided = new Set<string>();
  let cursor = "0";
  do {
    const [next, flat] = (await withTimeout(client.hscan(`${prefix}:d`, cursor, "COUNT", 2000), timeoutMs)) as [string, string[]];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const key = flat[i] as string;
      if (key === "_") continue;
      const bar = key.indexOf("|");
      mirror.filter.add(decisionKey(key.slice(0, bar), key.slice(bar + 1)));
      if ((flat[i + 1] as string).startsWith("void")) voided.add(key);
    }
    cursor = next;
  } while (cursor !== "0");
  // HSCAN is not a script: make sure the generation did not change under it.
  if ((await withTimeout(client.get(markerKey), timeoutMs)) !== generation) throw new StoreUnavailableError({ operation: "open", problem: "the store's generation changed while it was being loaded; open it again" });
  return { mirror, voided, clockOffsetMs, openedBefore: opened !== "" };
}
