import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeFunctionData, getAddress, parseAbi, parseEventLogs } from "viem";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { SELECTORS, type Grant, type Limits, useWardenFixture } from "./helpers/wardenFixture";
import { execute, executeRefusal, refusal } from "./helpers/moduleCalls";
import { splitMuxerSignature } from "./helpers/payloads";

const erc20 = parseAbi(["function approve(address,uint256)"]);

describe("WardenModule control: who may grant, pause, unpause; events; re-grant", () => {
  const f = useWardenFixture({ beforeAll, beforeEach });

  const session = (overrides: Partial<Grant> = {}, limits: Partial<Limits> = {}) => f().newSession(overrides, limits);
  const approve = () => encodeFunctionData({ abi: erc20, functionName: "approve", args: [f().exchanges[0]!.address, 1n] });
  const send = (client: ReturnType<typeof f>["guardian"], functionName: string, args: readonly unknown[]) =>
    client.writeContract({ address: f().module.address, abi: wardenModuleAbi, functionName: functionName as never, args: args as never });

  describe("only the Safe grants (storage keyed by msg.sender)", () => {
    it("a grant sent by anyone else writes only under that account and gives nothing on the Safe", async () => {
      const { account, client } = await f().newKey();
      const grant = await f().defaultGrant(account.address);
      const nextForSafe = await f().module.read.nextSessionId([f().safe]);
      const hash = await f().stranger.writeContract({ address: f().module.address, abi: wardenModuleAbi, functionName: "grantSession", args: [grant] });
      const [event] = parseEventLogs({ abi: wardenModuleAbi, logs: (await f().publicClient.waitForTransactionReceipt({ hash })).logs, eventName: "SessionGranted" });
      expect(event!.args.safe).toBe(f().strangerAddress);
      const strangerSession = event!.args.sessionId;
      expect(strangerSession).not.toBe(nextForSafe);
      const [key] = await f().module.read.getSession([f().safe, strangerSession]);
      expect(key).toBe("0x0000000000000000000000000000000000000000");
      expect((await executeRefusal(f(), client, strangerSession, f().pusd.address, approve())).statusName).toBe("UnknownSession");
    });
    it("the guardian cannot grant either: its grant lands under the guardian's own address", async () => {
      const { account } = await f().newKey();
      const nonceBefore = await f().module.read.grantNonce([f().safe]);
      await send(f().guardian, "grantSession", [await f().defaultGrant(account.address)]);
      expect(await f().module.read.grantNonce([f().safe])).toBe(nonceBefore);
    });
    it("a session granted to Safe A can do nothing on Safe B", async () => {
      const { client, sessionId } = await session();
      const r = await refusal(() =>
        f().publicClient.simulateContract({
          address: f().module.address,
          abi: wardenModuleAbi,
          functionName: "execute",
          args: [f().guardianAddress, sessionId, f().pusd.address, 0n, approve()],
          account: client.account!,
        }),
      );
      expect(r.statusName).toBe("UnknownSession");
    });
  });

  describe("guardian: pause only", () => {
    it("pauses a session, a strategy and the Safe; each refuses calls with its own status", async () => {
      const { client, sessionId } = await session({}, { strategy: 9 });
      const cases = [
        ["pauseSession", [f().safe, sessionId], "SessionPaused", "unpauseSession", [sessionId]],
        ["pauseStrategy", [f().safe, 9], "StrategyPaused", "unpauseStrategy", [9]],
        ["pauseSafe", [f().safe, false], "SafePaused", "unpauseSafe", [false]],
      ] as const;
      for (const [pause, args, status, unpause, unpauseArgs] of cases) {
        await send(f().guardian, pause, args);
        expect((await executeRefusal(f(), client, sessionId, f().pusd.address, approve())).statusName).toBe(status);
        await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: unpause as never, args: unpauseArgs as never }));
        expect((await execute(f(), client, sessionId, f().pusd.address, approve())).status).toBe("success");
      }
    });
    it("cannot unpause: its unpause calls touch only its own entries, the Safe stays paused", async () => {
      const { client, sessionId } = await session({}, { strategy: 3 });
      await send(f().guardian, "pauseSession", [f().safe, sessionId]);
      await send(f().guardian, "pauseStrategy", [f().safe, 3]);
      await send(f().guardian, "pauseSafe", [f().safe, false]);
      expect(await refusal(() => f().module.simulate.unpauseSession([sessionId], { account: f().guardianAddress }))).toMatchObject({
        errorName: "UnknownSession",
        args: { safe: f().guardianAddress, sessionId },
      });
      await send(f().guardian, "unpauseStrategy", [3]);
      await send(f().guardian, "unpauseSafe", [false]);
      const [, paused, pausedStrategies] = await f().module.read.getSafeState([f().safe]);
      expect([paused, pausedStrategies]).toEqual([true, 8n]);
      const [, , , , sessionPaused] = await f().module.read.getSession([f().safe, sessionId]);
      expect(sessionPaused).toBe(true);
      expect((await executeRefusal(f(), client, sessionId, f().pusd.address, approve())).statusName).toBe("SessionPaused");
    });
    it("anyone else pausing is refused with Unauthorized(safe, caller)", async () => {
      const { sessionId } = await session();
      for (const [fn, args] of [["pauseSession", [f().safe, sessionId]], ["pauseStrategy", [f().safe, 1]], ["pauseSafe", [f().safe, true]]] as const) {
        expect(
          await refusal(() =>
            f().publicClient.simulateContract({ address: f().module.address, abi: wardenModuleAbi, functionName: fn, args: args as never, account: f().strangerAddress }),
          ),
        ).toEqual({ errorName: "Unauthorized", statusName: undefined, args: { safe: f().safe, caller: f().strangerAddress } });
      }
    });
    it("a cleared guardian (zero) can no longer pause", async () => {
      await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "setGuardian", args: ["0x0000000000000000000000000000000000000000"] }));
      expect((await refusal(() => f().module.simulate.pauseSafe([f().safe, false], { account: f().guardianAddress }))).errorName).toBe("Unauthorized");
    });
  });

  describe("kill switch on the exchange (pauseUser through the module)", () => {
    it("a guardian Safe pause with onExchanges calls pauseUser on every known exchange; preapproved orders stop after the interval", async () => {
      const { account, sessionId } = await session();
      const order = await f().makeOrder();
      const signature = await f().signOrder(account, sessionId, order);
      const exchange = f().exchanges[0]!;
      await exchange.write.preapproveOrder([order, signature]);
      // Revocation does not reach a preapproved order (the documented exception) ...
      await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "revokeSession", args: [sessionId] }));
      expect(await f().exchangeAccepts(order, signature)).toBe(false);
      expect(await exchange.read.isValidOrderSignature([order, "0x"])).toBe(true);
      // ... the exchange-level pause does.
      const hash = await send(f().guardian, "pauseSafe", [f().safe, true]);
      const logs = (await f().publicClient.waitForTransactionReceipt({ hash })).logs;
      const calls = parseEventLogs({ abi: wardenModuleAbi, logs, eventName: "ExchangeUserPauseCalled" });
      expect(calls.map((c) => [c.args.exchange, c.args.pause, c.args.success])).toEqual(f().exchanges.map((e) => [getAddress(e.address), true, true]));
      for (const e of f().exchanges) expect(await e.read.userPausedBlockAt([f().safe])).toBeGreaterThan(0n);
      await f().networkHelpers.mine(99);
      expect(await exchange.read.isUserPaused([f().safe])).toBe(false);
      await f().networkHelpers.mine(1);
      expect(await exchange.read.isUserPaused([f().safe])).toBe(true);
      await expect(exchange.write.fillOrder([order, "0x"])).rejects.toThrow(/UserIsPaused/);
    });
    it("a second pause does not revert when the exchange refuses (already paused): the outcome is reported", async () => {
      await send(f().guardian, "pauseSafe", [f().safe, true]);
      const hash = await send(f().guardian, "pauseSafe", [f().safe, true]);
      const logs = (await f().publicClient.waitForTransactionReceipt({ hash })).logs;
      const calls = parseEventLogs({ abi: wardenModuleAbi, logs, eventName: "ExchangeUserPauseCalled" });
      expect(calls.map((c) => c.args.success)).toEqual([false, false, false]);
    });
    it("an account that is not a Safe pausing its own entry with onExchanges does not revert and calls nothing", async () => {
      await send(f().stranger, "pauseSafe", [f().strangerAddress, true]);
      const [, paused] = await f().module.read.getSafeState([f().strangerAddress]);
      expect(paused).toBe(true);
      for (const e of f().exchanges) expect(await e.read.userPausedBlockAt([f().strangerAddress])).toBe(0n);
    });
    it("the Safe's unpause with onExchanges calls unpauseUser", async () => {
      await send(f().guardian, "pauseSafe", [f().safe, true]);
      await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "unpauseSafe", args: [true] }));
      for (const e of f().exchanges) expect(await e.read.userPausedBlockAt([f().safe])).toBe(0n);
    });
  });

  describe("re-grant after revoke never restores old state (S15)", () => {
    it("revoked is final; a new grant gets a new id, a fresh budget and only its own lists", async () => {
      const { account, client, sessionId } = await session({ calls: [{ target: f().pusd.address, selector: SELECTORS.approve }], tokenIds: [7n] }, { maxCalls: 2, tokenAllowlist: true });
      await execute(f(), client, sessionId, f().pusd.address, approve());
      await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "revokeSession", args: [sessionId] }));
      expect(await refusal(() => f().module.simulate.unpauseSession([sessionId], { account: f().safe }))).toMatchObject({ errorName: "SessionIsRevoked" });
      const again = await f().grant(await f().defaultGrant(account.address, { calls: [] }, { maxCalls: 5, tokenAllowlist: true }));
      expect(again).not.toBe(sessionId);
      // Old pairs and tokens are not visible under the new id; the old id stays revoked.
      expect((await executeRefusal(f(), client, again, f().pusd.address, approve())).statusName).toBe("CallNotAllowed");
      expect(await f().module.read.isTokenAllowed([again, 7n])).toBe(false);
      expect((await executeRefusal(f(), client, sessionId, f().pusd.address, approve())).statusName).toBe("SessionRevoked");
      const order = await f().makeOrder({ tokenId: 7n });
      const sig = await f().signOrder(account, again, order);
      expect((await f().verdict(order, splitMuxerSignature(sig).payload)).status).toBe("TokenNotAllowed");
    });
    it("updating limits keeps the spent budget, also when lowered then raised", async () => {
      const { client, sessionId } = await session({}, { maxCalls: 3 });
      await execute(f(), client, sessionId, f().pusd.address, approve());
      await execute(f(), client, sessionId, f().pusd.address, approve());
      const g = await f().defaultGrant(client.account!.address, {}, { maxCalls: 3 });
      await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "updateSessionLimits", args: [sessionId, g.limits] }));
      const [, , callsLeft] = await f().module.read.getSession([f().safe, sessionId]);
      expect(callsLeft).toBe(1);
      await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "updateSessionLimits", args: [sessionId, { ...g.limits, maxCalls: 1 }] }));
      const [, , none] = await f().module.read.getSession([f().safe, sessionId]);
      expect(none).toBe(0);
      // Raising the budget again gives back nothing already spent: 2 used of 3.
      await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "updateSessionLimits", args: [sessionId, g.limits] }));
      const [, , left, , , used] = await f().module.read.getSession([f().safe, sessionId]);
      expect([left, used]).toEqual([1, 2]);
    });
  });

  describe("events: one per state change, carrying what changed", () => {
    it("emits the event of every admin write with its arguments", async () => {
      const { account, sessionId } = await session();
      const cases = [
        [encodeFunctionData({ abi: wardenModuleAbi, functionName: "setSessionCalls", args: [sessionId, [{ target: f().target.address, selector: SELECTORS.pauseUser }], true] }), "SessionCallsSet", { sessionId, allowed: true }],
        [encodeFunctionData({ abi: wardenModuleAbi, functionName: "setSessionAddresses", args: [sessionId, 1, [f().strangerAddress], true] }), "SessionAddressesSet", { sessionId, list: 1, addrs: [f().strangerAddress], allowed: true }],
        [encodeFunctionData({ abi: wardenModuleAbi, functionName: "setSessionTokens", args: [sessionId, [1n, 2n], true] }), "SessionTokensSet", { sessionId, tokenIds: [1n, 2n], allowed: true }],
        [encodeFunctionData({ abi: wardenModuleAbi, functionName: "pauseSession", args: [f().safe, sessionId] }), "SessionPaused", { sessionId, by: f().safe }],
        [encodeFunctionData({ abi: wardenModuleAbi, functionName: "unpauseSession", args: [sessionId] }), "SessionUnpaused", { sessionId }],
        [encodeFunctionData({ abi: wardenModuleAbi, functionName: "pauseStrategy", args: [f().safe, 4] }), "StrategyPaused", { strategy: 4, by: f().safe }],
        [encodeFunctionData({ abi: wardenModuleAbi, functionName: "unpauseStrategy", args: [4] }), "StrategyUnpaused", { strategy: 4 }],
        [encodeFunctionData({ abi: wardenModuleAbi, functionName: "pauseSafe", args: [f().safe, false] }), "SafePaused", { by: f().safe, onExchanges: false }],
        [encodeFunctionData({ abi: wardenModuleAbi, functionName: "unpauseSafe", args: [false] }), "SafeUnpaused", { onExchanges: false }],
        [encodeFunctionData({ abi: wardenModuleAbi, functionName: "setGuardian", args: [account.address] }), "GuardianSet", { previousGuardian: f().guardianAddress, guardian: account.address }],
        [encodeFunctionData({ abi: wardenModuleAbi, functionName: "revokeSession", args: [sessionId] }), "SessionRevoked", { sessionId }],
      ] as const;
      for (const [data, eventName, args] of cases) {
        const receipt = await f().moduleCall(data);
        const events = parseEventLogs({ abi: wardenModuleAbi, logs: receipt.logs }).filter((e) => e.address.toLowerCase() === f().module.address.toLowerCase());
        expect(events.map((e) => e.eventName)).toEqual([eventName]);
        expect(events[0]!.args).toMatchObject({ safe: f().safe, ...args });
      }
    });
    it("a grant emits SessionGranted with the id, key and full grant", async () => {
      const { account } = await f().newKey();
      const grant = await f().defaultGrant(account.address, { tokenIds: [5n] });
      const receipt = await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "grantSession", args: [grant] }));
      const [event] = parseEventLogs({ abi: wardenModuleAbi, logs: receipt.logs, eventName: "SessionGranted" });
      expect(event!.args.key).toBe(account.address);
      expect(event!.args.grant.tokenIds).toEqual([5n]);
      expect(event!.args.grant.limits.maxPerCallMicroUsd).toBe(grant.limits.maxPerCallMicroUsd);
    });
    it("a module call emits SessionCallExecuted with the budget left", async () => {
      const { client, sessionId } = await session({}, { maxCalls: 4 });
      const receipt = await execute(f(), client, sessionId, f().pusd.address, approve());
      const [event] = parseEventLogs({ abi: wardenModuleAbi, logs: receipt.logs, eventName: "SessionCallExecuted" });
      expect(event!.args).toMatchObject({ safe: f().safe, sessionId, target: getAddress(f().pusd.address), selector: SELECTORS.approve, value: 0n, callsLeft: 3 });
    });
  });
});
