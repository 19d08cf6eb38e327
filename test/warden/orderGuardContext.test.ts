import { setFlagsFromString } from "node:v8";
import { expect, test } from "vitest";
import type { Guard, GuardContext } from "../../src/guards/Guard";
import { killSwitchGuard } from "../../src/guards/killSwitchGuard";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { grant, orderTypedData, testWarden } from "../helpers/testWarden";

// V8's own answer to "do these two objects share a hidden class": parsed with natives syntax on.
setFlagsFromString("--allow-natives-syntax");
const haveSameMap = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;

/** Approves every order and keeps the context it was handed, after reading its risk facts. */
function recordingGuard(seen: GuardContext[]): Guard {
  return {
    bot_id: "test.recorder",
    mode: "hard_guard",
    dataUnavailableCode: "KILL_SWITCH_DATA_UNAVAILABLE",
    evaluate(_intent, ctx) {
      seen.push(ctx);
      return { inputs_used: [ctx.risk?.market.status ?? "none"] };
    },
  };
}

test("Regression (GC pauses of the 1,000/s HTTP p99: each order's guard context defined its risk getter with a closure of its own, so every signature got its own hidden class in the old generation and the whole request survived every young collection): two orders' contexts share one hidden class", async () => {
  const seen: GuardContext[] = [];
  const { warden, owner } = await testWarden({ guards: [killSwitchGuard(), recordingGuard(seen)] });
  const s = await grant(warden, owner);
  const account = toSessionAccount({ warden, credential: s.credential, strategyId: "nba-mm" });
  await account.signTypedData(orderTypedData(owner.address, { salt: "1" }) as never);
  await account.signTypedData(orderTypedData(owner.address, { salt: "2" }) as never);
  expect(seen).toHaveLength(2);
  const [a, b] = seen as [GuardContext, GuardContext];
  expect(haveSameMap(a, b)).toBe(true);
  // Still what the guards read: the order's risk facts, assembled once per context and kept.
  expect(a.risk?.market.status).toBe("ok");
  expect(a.risk).toBe(a.risk);
  expect(a.risk).not.toBe(b.risk);
  expect(b.now_ms).toBeGreaterThanOrEqual(a.now_ms);
  await warden.close();
});

test("the check itself tells hidden classes apart: objects given an accessor by a closure each do not share one", () => {
  const withGetter = (x: number) => Object.defineProperty({ now_ms: x }, "risk", { enumerable: true, get: () => x });
  expect(haveSameMap(withGetter(1), withGetter(2))).toBe(false);
  expect(haveSameMap({ now_ms: 1 }, { now_ms: 2 })).toBe(true);
});
