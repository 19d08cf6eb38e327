import type { Hex } from "viem";
import type { Store } from "../store/Store";

const HOUR_MS = 3_600_000;
const metaKey = (sessionId: Hex) => `clob_auth_signed:${sessionId}`;

/** A ClobAuth signature counted before it exists; released if it is never handed out. */
export type ClobAuthHold = { release(): Promise<void> };

/** Per-session counts of ClobAuth signatures over the last hour, for `sessions.clob_auth_per_hour`. */
export type ClobAuthLimiter = {
  /** Loads the session's signatures of the last hour from the store, once; null when already in memory. */
  prepare(sessionId: Hex): Promise<void> | null;
  /** Signatures in the hour before `nowMs`, those being signed included; undefined before {@link ClobAuthLimiter.prepare}. */
  signedLastHour(sessionId: Hex, nowMs: number): number | undefined;
  /**
   * Counts one more signature at `nowMs`, synchronously (a concurrent request already sees it), and
   * writes the window to the store before the signature is made: a crash can over-count, never
   * under-count. Rejects (and counts nothing) when the store cannot write.
   */
  hold(sessionId: Hex, nowMs: number): Promise<ClobAuthHold>;
};

/**
 * The ClobAuth rate window of one Warden: per session, the times of the ClobAuth signatures of the
 * last hour, kept in memory and in the store's meta table (`clob_auth_signed:<session id>`), so a
 * restart does not reset the limit (a reset limit is a fail-open).
 *
 * @param store - Where the windows are kept.
 * @returns The limiter.
 * @example
 * const limiter = createClobAuthLimiter(store); await limiter.prepare(sessionId); limiter.signedLastHour(sessionId, Date.now())
 */
export function createClobAuthLimiter(store: Pick<Store, "getMeta" | "setMeta">): ClobAuthLimiter {
  const windows = new Map<Hex, number[]>();
  const recent = (sessionId: Hex, nowMs: number): number[] | undefined => {
    const times = windows.get(sessionId);
    if (!times) return undefined;
    const kept = times.filter((t) => t > nowMs - HOUR_MS);
    windows.set(sessionId, kept);
    return kept;
  };
  const write = (sessionId: Hex) => store.setMeta(metaKey(sessionId), JSON.stringify(windows.get(sessionId) ?? []));
  const remove = (sessionId: Hex, at: number) => {
    const times = windows.get(sessionId) ?? [];
    const i = times.indexOf(at);
    if (i >= 0) times.splice(i, 1);
  };

  return {
    prepare(sessionId) {
      if (windows.has(sessionId)) return null;
      return store.getMeta(metaKey(sessionId)).then((raw) => {
        if (windows.has(sessionId)) return;
        const parsed: unknown = raw === undefined ? [] : JSON.parse(raw);
        windows.set(sessionId, Array.isArray(parsed) ? parsed.filter((t): t is number => Number.isSafeInteger(t)) : []);
      });
    },
    signedLastHour: (sessionId, nowMs) => recent(sessionId, nowMs)?.length,
    async hold(sessionId, nowMs) {
      const times = recent(sessionId, nowMs) ?? [];
      times.push(nowMs);
      windows.set(sessionId, times);
      try {
        await write(sessionId);
      } catch (e) {
        remove(sessionId, nowMs);
        throw e;
      }
      return {
        async release() {
          remove(sessionId, nowMs);
          // Best effort: if this write fails the store is failing, and the stored window over-counts (safe).
          await write(sessionId).catch(() => undefined);
        },
      };
    },
  };
}
