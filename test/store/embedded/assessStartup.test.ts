import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { assessStartup } from "../../../src/store/embedded/assessStartup";
import { T0 } from "../../helpers/guardFixtures";

describe("run marker: how the previous run ended", () => {
  const run = (over: Partial<Parameters<typeof assessStartup>[0] & object> = {}) => ({
    boot_id: "boot-a",
    synchronous: "NORMAL" as const,
    clean: false,
    opened_at_ms: T0,
    ...over,
  });
  test.each([
    ["no previous run", null, "boot-a", "none", false],
    ["clean close, same boot", run({ clean: true }), "boot-a", "clean", false],
    ["clean close, other boot", run({ clean: true }), "boot-b", "clean", false],
    ["NORMAL crash, same boot (the OS kept every commit)", run(), "boot-a", "crashed", false],
    ["NORMAL crash, other boot (power loss: the tail may be gone)", run(), "boot-b", "crashed_across_reboot", true],
    ["FULL crash, other boot (every commit was synced)", run({ synchronous: "FULL" }), "boot-b", "crashed_across_reboot", false],
    ["NORMAL crash, boot unknown now", run(), null, "crashed_across_reboot", true],
    ["NORMAL crash, boot unknown then", run({ boot_id: null }), "boot-a", "crashed_across_reboot", true],
    ["NORMAL crash, boot unknown both times", run({ boot_id: null }), null, "crashed_across_reboot", true],
  ] as const)("%s", (_name, previous, bootId, previousRun, mayBeLost) => {
    expect(assessStartup(previous, bootId)).toMatchObject({ previous_run: previousRun, decisions_may_be_lost: mayBeLost });
  });

  const suspected = { cause: "unclean_shutdown_across_reboot", since_ms: T0 } as const;
  test.each([
    ["a clean close since (a CLI command that only opened the store)", run({ clean: true })],
    ["a FULL crash on this boot since (an older Warden that rewrote the marker, then failed)", run({ synchronous: "FULL" })],
    ["a NORMAL crash on this boot since", run()],
  ] as const)("a suspected loss not acted on survives %s", (_name, previous) => {
    expect(assessStartup(previous, "boot-a", { suspected })).toMatchObject({ decisions_may_be_lost: true, loss_cause: "unclean_shutdown_across_reboot" });
  });

  test("a file with history and no marker: how its last run ended is unknown, a possible loss", () => {
    expect(assessStartup(null, "boot-a", { fileHasHistory: true })).toEqual({ previous_run: "unknown", decisions_may_be_lost: true, loss_cause: "previous_run_unknown" });
    expect(assessStartup(null, "boot-a", { fileHasHistory: false })).toEqual({ previous_run: "none", decisions_may_be_lost: false });
  });

  test("property: a possible loss is reported exactly when a NORMAL run ended uncleanly and the same boot cannot be proved, or an earlier one was never acted on", () => {
    const boot = fc.option(fc.constantFrom("boot-a", "boot-b"), { nil: null });
    fc.assert(
      fc.property(boot, boot, fc.boolean(), fc.boolean(), fc.constantFrom("FULL" as const, "NORMAL" as const), (then, now, clean, suspect, sync) => {
        const r = assessStartup(run({ boot_id: then, clean, synchronous: sync }), now, { suspected: suspect ? suspected : null });
        const sameBoot = then !== null && then === now;
        return r.decisions_may_be_lost === (suspect || (!clean && sync === "NORMAL" && !sameBoot));
      }),
      { numRuns: 500 },
    );
  });
});
