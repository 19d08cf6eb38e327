import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { createWarden } from "../../../src/warden/createWarden";
import { SigningDeniedError } from "../../../src/errors/SigningDeniedError";
import { toSessionAccount } from "../../../src/signer/toSessionAccount";
import { WalletKey } from "../../../src/signer/WalletKey";
import { createEmbeddedStore } from "../../../src/store/embedded/createEmbeddedStore";
import { readBootId } from "../../../src/store/embedded/readBootId";
import { orderTypedData, roomyRisk, tempDir } from "../../helpers/testWarden";
import { runAndKill } from "./runAndKill";

const CHILD = join(process.cwd(), "test", "fixtures", "crashChild.ts");
const PK = `0x${"5a".repeat(32)}` as const;

/** Runs the Warden child until it has printed `lines` signatures, then SIGKILLs it mid-load. */
const runWardenAndKill = (dbPath: string, saltBase: number, lines: number, synchronous: "FULL" | "NORMAL" | "default") =>
  runAndKill(CHILD, [dbPath, String(saltBase), synchronous], lines);

describe("embedded store durability", () => {
  // The default (NORMAL) and FULL: a process crash loses nothing at either level.
  for (const synchronous of ["default", "FULL"] as const) {
    test(`SIGKILL mid-load, twice (${synchronous}): every returned signature is audited, budgets are not reset, the chain verifies`, async () => {
      const dbPath = join(tempDir(), "crash.db");
      const first = await runWardenAndKill(dbPath, 1, 400, synchronous);
      const second = await runWardenAndKill(dbPath, 1_000_000, 400, synchronous);
      const returned = [...first, ...second].map((l) => l.split(" ")[1]);

      const store = await createEmbeddedStore({ path: dbPath, synchronous: "FULL" });
      // Same boot: the OS wrote out everything the killed process committed.
      expect(await store.startup()).toMatchObject({ previous_run: "crashed", decisions_may_be_lost: false });
      const records = await store.readAudit(1, 10_000_000);
      const approvals = records.map((r) => JSON.parse(r.payload_json)).filter((p) => p.decision === "APPROVE");
      const audited = new Set(approvals.map((p) => p.signature));
      expect(returned.length).toBeGreaterThanOrEqual(800);
      expect(returned.filter((s) => !audited.has(s))).toEqual([]);
      const [session] = await store.listSessions();
      // Spent budget survived both kills: it counts every audited approval, at least every returned one.
      expect(session?.calls_used).toBe(approvals.length);
      expect(session?.calls_used).toBeGreaterThanOrEqual(returned.length);
      // Every approval is still an idempotency record (keys the killed run had not written are derived at open).
      const lost = [];
      for (const p of approvals) if ((await store.decisionSnapshot(p.session_id, p.intent_id)).existing?.signature !== p.signature) lost.push(p);
      expect(lost).toEqual([]);
      expect(await store.verifyAudit()).toMatchObject({ ok: true, records: records.length });
      await store.close();
    }, 120_000);
  }

  test("a NORMAL run that died on an earlier boot (power loss, reset): Warden starts with the global kill switch armed and every session revoked", async () => {
    const dbPath = join(tempDir(), "reboot.db");
    const returned = await runWardenAndKill(dbPath, 1, 50, "default");
    expect(returned.length).toBeGreaterThanOrEqual(50);
    const credential = readFileSync(`${dbPath}.credential-for-test`, "utf8");
    const owner = privateKeyToAccount(PK);

    // The machine has rebooted since the run died: a boot id that is not the one the run recorded.
    // First something that only reads (`warden audit-verify` opens and closes the store cleanly):
    // the suspicion must survive it.
    const reboot = `not-${readBootId()}`;
    // As if the power loss had also taken the commit that redeemed the session's grant: pending again.
    const raw = new DatabaseSync(dbPath);
    const grantId = String(raw.prepare("SELECT grant_id FROM pending_grants").get()?.grant_id);
    raw.exec("UPDATE pending_grants SET consumed = 0");
    raw.close();
    const reader = await createEmbeddedStore({ path: dbPath, synchronous: "NORMAL", bootId: reboot });
    expect(await reader.startup()).toMatchObject({ previous_run: "crashed_across_reboot", decisions_may_be_lost: true });
    expect((await reader.verifyAudit()).ok).toBe(true);
    await reader.close();
    const store = await createEmbeddedStore({ path: dbPath, synchronous: "NORMAL", bootId: reboot });
    expect(await store.startup()).toMatchObject({ previous_run: "clean", decisions_may_be_lost: true });
    const warden = await createWarden({ wallet: WalletKey.fromPrivateKey(PK), store, config: { ...roomyRisk, log: { level: "silent" } } });

    expect((await warden.store.killSwitches()).switches).toEqual([expect.objectContaining({ scope: "global", armed: true, actor: "warden" })]);
    // The owner's old grant signature cannot bring that session back with a fresh budget.
    expect(await warden.store.getPendingGrant(grantId as `0x${string}`)).toBeUndefined();
    expect((await warden.store.readAuditOfKind("grants_discarded")).map((r) => JSON.parse(r.payload_json))).toEqual([
      { grant_ids: [grantId], cause: "unclean_shutdown_across_reboot" },
    ]);
    expect((await warden.store.listSessions()).every((s) => s.revoke_reason === "kill_switch")).toBe(true);
    const denied = await toSessionAccount({ warden, credential, strategyId: "crash" })
      .signTypedData(orderTypedData(owner.address, { salt: "999999999" }) as never)
      .then(() => null, (e: unknown) => e);
    expect(denied).toBeInstanceOf(SigningDeniedError);
    expect((denied as SigningDeniedError).vote.reason_code).toBe("KILL_SWITCH_ACTIVE");
    const [kill] = (await warden.store.readAuditOfKind("kill_switch")).map((r) => JSON.parse(r.payload_json));
    expect(kill).toMatchObject({ armed: true, actor: "warden", cause: "unclean_shutdown_across_reboot", revoked_sessions: [expect.stringMatching(/^0x/)] });
    expect((await warden.verifyAudit()).ok).toBe(true);
    // Disarming does not bring the sessions back: the owner grants new ones after looking.
    await warden.disarmKillSwitch({ scope: "global", requestor_id: "risk-team", justification: "open orders checked on the CLOB" });
    expect((await warden.store.listSessions()).every((s) => s.revoked_at_ms !== null)).toBe(true);
    await warden.close();

    // Warden acted on it and closed cleanly: the next start, on any boot, trusts the file.
    const next = await createEmbeddedStore({ path: dbPath, synchronous: "NORMAL", bootId: "yet-another-boot" });
    expect(await next.startup()).toMatchObject({ previous_run: "clean", decisions_may_be_lost: false });
    await next.close();
  }, 120_000);

  test("a FULL run that died on an earlier boot lost nothing (every commit was synced): no kill switch", async () => {
    const dbPath = join(tempDir(), "reboot-full.db");
    await runWardenAndKill(dbPath, 1, 50, "FULL");
    const store = await createEmbeddedStore({ path: dbPath, synchronous: "FULL", bootId: `not-${readBootId()}` });
    expect(await store.startup()).toMatchObject({ previous_run: "crashed_across_reboot", decisions_may_be_lost: false });
    const warden = await createWarden({ wallet: WalletKey.fromPrivateKey(PK), store, config: { ...roomyRisk, log: { level: "silent" } } });
    expect((await warden.store.killSwitches()).switches).toEqual([]);
    expect((await warden.store.listSessions()).every((s) => s.revoked_at_ms === null)).toBe(true);
    await warden.close();
  }, 120_000);
});
