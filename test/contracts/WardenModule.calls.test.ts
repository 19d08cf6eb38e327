import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Hex, concatHex, encodeFunctionData, padHex, parseAbi, sliceHex, zeroHash } from "viem";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { CAP, SELECTORS, type Grant, type Limits, useWardenFixture } from "./helpers/wardenFixture";
import { addressWord, amountWord, execute, executeRefusal, refusal } from "./helpers/moduleCalls";
import { safeAbi } from "./helpers/safes";

const erc20 = parseAbi([
  "function approve(address,uint256)",
  "function transfer(address,uint256)",
  "function transferFrom(address,address,uint256)",
]);
const tradingAbi = parseAbi([
  "function setApprovalForAll(address,bool)",
  "function wrap(address,address,uint256)",
  "function unwrap(address,address,uint256)",
  "function splitPosition(address,bytes32,bytes32,uint256[],uint256)",
  "function mergePositions(address,bytes32,bytes32,uint256[],uint256)",
  "function redeemPositions(address,bytes32,bytes32,uint256[])",
  "function redeemPositions(bytes32,uint256[])",
  "function pauseUser()",
  "function safeTransferFrom(address,address,uint256,uint256,bytes)",
]);

describe("WardenModule calls (execTransactionFromModule, CALL only)", () => {
  const f = useWardenFixture({ beforeAll, beforeEach });

  const session = (overrides: Partial<Grant> = {}, limits: Partial<Limits> = {}) => f().newSession(overrides, limits);
  const approve = (spender: Hex, amount: bigint) => encodeFunctionData({ abi: erc20, functionName: "approve", args: [spender, amount] });
  const allPairs = () =>
    Object.values(SELECTORS)
      .filter((s) => !([SELECTORS.approve, SELECTORS.transfer, SELECTORS.transferFrom, SELECTORS.erc1155SafeTransferFrom] as Hex[]).includes(s))
      .map((selector) => ({ target: f().target.address, selector }));
  const violation = (sessionId: Hex, statusName: string, info: Hex) => ({
    errorName: "ScopeViolation",
    statusName,
    args: { sessionId, status: expect.any(Number), info },
  });

  describe("pUSD approve (spender allowed, amount within the cap)", () => {
    it("approves an allowed exchange for exactly the cap", async () => {
      const { client, sessionId } = await session();
      const receipt = await execute(f(), client, sessionId, f().pusd.address, approve(f().exchanges[0]!.address, CAP));
      expect(receipt.status).toBe("success");
      expect(await f().pusd.read.allowance([f().safe, f().exchanges[0]!.address])).toBe(CAP);
    });
    it("refuses one unit past the cap with ScopeViolation(SizeCapExceeded, amount)", async () => {
      const { client, sessionId } = await session();
      expect(await executeRefusal(f(), client, sessionId, f().pusd.address, approve(f().exchanges[0]!.address, CAP + 1n))).toEqual(
        violation(sessionId, "SizeCapExceeded", amountWord(CAP + 1n)),
      );
    });
    it("refuses a spender that is neither an allowed exchange nor listed", async () => {
      const { client, sessionId } = await session({}, { exchangeMask: 0b001 });
      const stranger = f().stranger.account.address;
      expect(await executeRefusal(f(), client, sessionId, f().pusd.address, approve(stranger, 1n))).toEqual(
        violation(sessionId, "SpenderNotAllowed", addressWord(stranger)),
      );
      // An exchange the module knows but this session does not allow is refused too.
      expect(await executeRefusal(f(), client, sessionId, f().pusd.address, approve(f().exchanges[1]!.address, 1n))).toEqual(
        violation(sessionId, "SpenderNotAllowed", addressWord(f().exchanges[1]!.address)),
      );
    });
    it("approves a listed spender (a ramp)", async () => {
      const ramp = f().target.address;
      const { client, sessionId } = await session({ spenders: [ramp] });
      expect((await execute(f(), client, sessionId, f().pusd.address, approve(ramp, 5n))).status).toBe("success");
    });
  });

  describe("strict calldata (S7/S8): exact length, canonical words", () => {
    it("refuses a trailing byte, a missing byte and a dirty address word", async () => {
      const { client, sessionId } = await session();
      const good = approve(f().exchanges[0]!.address, 1n);
      expect(await executeRefusal(f(), client, sessionId, f().pusd.address, concatHex([good, "0x00"]))).toEqual(
        violation(sessionId, "MalformedCalldata", amountWord(69n)),
      );
      expect(await executeRefusal(f(), client, sessionId, f().pusd.address, sliceHex(good, 0, 67))).toEqual(
        violation(sessionId, "MalformedCalldata", amountWord(67n)),
      );
      const dirty = concatHex([SELECTORS.approve, padHex(`0x01${f().exchanges[0]!.address.slice(2)}`, { size: 32 }), amountWord(1n)]);
      expect((await executeRefusal(f(), client, sessionId, f().pusd.address, dirty)).statusName).toBe("MalformedCalldata");
    });
    it("refuses calldata shorter than a selector", async () => {
      const { client, sessionId } = await session();
      expect(await executeRefusal(f(), client, sessionId, f().pusd.address, "0x095ea7")).toEqual(
        violation(sessionId, "MalformedCalldata", amountWord(3n)),
      );
    });
  });

  describe("(target, selector) allowlist", () => {
    it("refuses a selector not granted on the target", async () => {
      const { client, sessionId } = await session();
      const data = encodeFunctionData({ abi: erc20, functionName: "transfer", args: [f().stranger.account.address, 1n] });
      const info = padHex(`0x${f().pusd.address.slice(2)}${SELECTORS.transfer.slice(2)}`, { size: 32 });
      expect(await executeRefusal(f(), client, sessionId, f().pusd.address, data)).toEqual(violation(sessionId, "CallNotAllowed", info.toLowerCase() as Hex));
    });
    it("refuses a granted target once the Safe makes it its fallback handler (read at call time, S10)", async () => {
      const pause = encodeFunctionData({ abi: tradingAbi, functionName: "pauseUser" });
      const { client, sessionId } = await session({ calls: allPairs() });
      expect((await execute(f(), client, sessionId, f().target.address, pause)).status).toBe("success");
      await f().selfCall(encodeFunctionData({ abi: safeAbi, functionName: "setFallbackHandler", args: [f().target.address] }));
      expect(await executeRefusal(f(), client, sessionId, f().target.address, pause)).toEqual(
        violation(sessionId, "TargetForbidden", addressWord(f().target.address)),
      );
    });
    it("refuses the Safe and the module as targets, whatever was granted (S10)", async () => {
      const { client, sessionId } = await session();
      for (const target of [f().safe, f().module.address]) {
        expect(await executeRefusal(f(), client, sessionId, target, approve(f().exchanges[0]!.address, 1n))).toEqual(
          violation(sessionId, "TargetForbidden", addressWord(target)),
        );
      }
    });
  });

  describe("value (none unless granted)", () => {
    it("sends up to maxValuePerCallWei and refuses one wei more", async () => {
      await f().networkHelpers.setBalance(f().safe, 10n ** 18n);
      const pause = encodeFunctionData({ abi: tradingAbi, functionName: "pauseUser" });
      const { client, sessionId } = await session({ calls: allPairs() }, { maxValuePerCallWei: 1_000n });
      expect((await execute(f(), client, sessionId, f().target.address, pause, 1_000n)).status).toBe("success");
      expect(await executeRefusal(f(), client, sessionId, f().target.address, pause, 1_001n)).toEqual(
        violation(sessionId, "ValueNotAllowed", amountWord(1_001n)),
      );
    });
    it("an update rewrites the value limit (its own storage word): lowered to 0 refuses 1 wei, raised again allows it", async () => {
      await f().networkHelpers.setBalance(f().safe, 10n ** 18n);
      const pause = encodeFunctionData({ abi: tradingAbi, functionName: "pauseUser" });
      const { client, sessionId } = await session({ calls: allPairs() }, { maxValuePerCallWei: 1_000n });
      const limits = (await f().defaultGrant(client.account!.address, {}, { maxValuePerCallWei: 0n })).limits;
      await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "updateSessionLimits", args: [sessionId, limits] }));
      expect(await executeRefusal(f(), client, sessionId, f().target.address, pause, 1n)).toEqual(violation(sessionId, "ValueNotAllowed", amountWord(1n)));
      const [, stored] = await f().module.read.getSession([f().safe, sessionId]);
      expect(stored.maxValuePerCallWei).toBe(0n);
      await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "updateSessionLimits", args: [sessionId, { ...limits, maxValuePerCallWei: 1n }] }));
      expect((await execute(f(), client, sessionId, f().target.address, pause, 1n)).status).toBe("success");
    });
    it("refuses any value when none was granted", async () => {
      const { client, sessionId } = await session();
      expect(await executeRefusal(f(), client, sessionId, f().pusd.address, approve(f().exchanges[0]!.address, 1n), 1n)).toEqual(
        violation(sessionId, "ValueNotAllowed", amountWord(1n)),
      );
    });
  });

  describe("call budget (max_calls)", () => {
    it("executes maxCalls calls and refuses the next; spent never exceeds the cap", async () => {
      const { client, sessionId } = await session({}, { maxCalls: 2 });
      for (let i = 0; i < 2; i++) await execute(f(), client, sessionId, f().pusd.address, approve(f().exchanges[0]!.address, 1n));
      const [, , callsLeft] = await f().module.read.getSession([f().safe, sessionId]);
      expect(callsLeft).toBe(0);
      expect(await executeRefusal(f(), client, sessionId, f().pusd.address, approve(f().exchanges[0]!.address, 1n))).toEqual(
        violation(sessionId, "CallBudgetExhausted", amountWord(2n)),
      );
    });
    it("a call the target reverts reverts with CallFailed and consumes no budget (S14)", async () => {
      const stranger = f().stranger.account.address;
      const { client, sessionId } = await session(
        { calls: [{ target: f().pusd.address, selector: SELECTORS.transfer }], recipients: [stranger] },
        { maxCalls: 3, maxPerCallMicroUsd: 10n ** 12n },
      );
      const tooMuch = encodeFunctionData({ abi: erc20, functionName: "transfer", args: [stranger, 10n ** 11n] });
      const r = await executeRefusal(f(), client, sessionId, f().pusd.address, tooMuch);
      expect(r.errorName).toBe("CallFailed");
      expect(r.args.sessionId).toBe(sessionId);
      const [, , callsLeft] = await f().module.read.getSession([f().safe, sessionId]);
      expect(callsLeft).toBe(3);
    });
  });

  describe("caller and session state", () => {
    it("refuses a caller that is not the session key", async () => {
      const { sessionId } = await session();
      expect(await executeRefusal(f(), f().stranger, sessionId, f().pusd.address, approve(f().exchanges[0]!.address, 1n))).toEqual(
        violation(sessionId, "WrongSessionKey", addressWord(f().stranger.account.address)),
      );
    });
    it("expiry is exact to the second: calls at validUntil − 1 and validUntil succeed, validUntil + 1 is refused", async () => {
      const t = (await f().now()) + 500;
      const { client, sessionId } = await session({}, { validUntil: t });
      const data = approve(f().exchanges[0]!.address, 1n);
      const send = () =>
        client.writeContract({ address: f().module.address, abi: wardenModuleAbi, functionName: "execute", args: [f().safe, sessionId, f().pusd.address, 0n, data], account: client.account!, chain: client.chain, gas: 300_000n });
      for (const at of [t - 1, t]) {
        await f().networkHelpers.time.setNextBlockTimestamp(at);
        const receipt = await f().publicClient.waitForTransactionReceipt({ hash: await send() });
        expect(receipt.status).toBe("success");
      }
      await f().networkHelpers.time.setNextBlockTimestamp(t + 1);
      await expect(send()).rejects.toThrow();
      expect(await executeRefusal(f(), client, sessionId, f().pusd.address, data)).toEqual(
        violation(sessionId, "SessionExpired", amountWord(BigInt(t))),
      );
    });
    it("refuses calls of a revoked session and of an unknown session", async () => {
      const { client, sessionId } = await session();
      await f().moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "revokeSession", args: [sessionId] }));
      expect((await executeRefusal(f(), client, sessionId, f().pusd.address, approve(f().exchanges[0]!.address, 1n))).statusName).toBe("SessionRevoked");
      expect((await executeRefusal(f(), client, zeroHash, f().pusd.address, approve(f().exchanges[0]!.address, 1n))).statusName).toBe("UnknownSession");
    });
  });

  describe("the trading calls a wallet needs", () => {
    it("setApprovalForAll: operator must be allowed, the bool word canonical", async () => {
      const { client, sessionId } = await session({ calls: allPairs() });
      const ok = encodeFunctionData({ abi: tradingAbi, functionName: "setApprovalForAll", args: [f().exchanges[2]!.address, true] });
      expect((await execute(f(), client, sessionId, f().target.address, ok)).status).toBe("success");
      const bad = concatHex([SELECTORS.setApprovalForAll, addressWord(f().exchanges[2]!.address), amountWord(2n)]);
      expect(await executeRefusal(f(), client, sessionId, f().target.address, bad)).toEqual(violation(sessionId, "MalformedCalldata", amountWord(2n)));
      const stranger = encodeFunctionData({ abi: tradingAbi, functionName: "setApprovalForAll", args: [f().stranger.account.address, true] });
      expect((await executeRefusal(f(), client, sessionId, f().target.address, stranger)).statusName).toBe("SpenderNotAllowed");
    });
    it("wrap/unwrap: proceeds to the Safe only, amount within the cap", async () => {
      const { client, sessionId } = await session({ calls: allPairs() });
      for (const functionName of ["wrap", "unwrap"] as const) {
        const ok = encodeFunctionData({ abi: tradingAbi, functionName, args: [f().pusd.address, f().safe, CAP] });
        expect((await execute(f(), client, sessionId, f().target.address, ok)).status).toBe("success");
        const elsewhere = encodeFunctionData({ abi: tradingAbi, functionName, args: [f().pusd.address, f().stranger.account.address, 1n] });
        expect(await executeRefusal(f(), client, sessionId, f().target.address, elsewhere)).toEqual(
          violation(sessionId, "WrongBeneficiary", addressWord(f().stranger.account.address)),
        );
        const over = encodeFunctionData({ abi: tradingAbi, functionName, args: [f().pusd.address, f().safe, CAP + 1n] });
        expect(await executeRefusal(f(), client, sessionId, f().target.address, over)).toEqual(violation(sessionId, "SizeCapExceeded", amountWord(CAP + 1n)));
      }
    });
    it("split/merge: canonical array encoding, amount within the cap", async () => {
      const { client, sessionId } = await session({ calls: allPairs() });
      for (const functionName of ["splitPosition", "mergePositions"] as const) {
        const args = [f().pusd.address, zeroHash, padHex("0x01", { size: 32 }), [1n, 2n], CAP] as const;
        const ok = encodeFunctionData({ abi: tradingAbi, functionName, args });
        expect((await execute(f(), client, sessionId, f().target.address, ok)).status).toBe("success");
        const over = encodeFunctionData({ abi: tradingAbi, functionName, args: [args[0], args[1], args[2], args[3], CAP + 1n] });
        expect((await executeRefusal(f(), client, sessionId, f().target.address, over)).statusName).toBe("SizeCapExceeded");
        expect((await executeRefusal(f(), client, sessionId, f().target.address, concatHex([ok, amountWord(0n)]))).statusName).toBe("MalformedCalldata");
        // The array moved one word further (a valid ABI encoding, but not the canonical one).
        const moved = concatHex([
          sliceHex(ok, 0, 4 + 96),
          amountWord(0xc0n),
          sliceHex(ok, 4 + 128, 4 + 160),
          amountWord(0n),
          sliceHex(ok, 4 + 160),
        ]);
        expect((await executeRefusal(f(), client, sessionId, f().target.address, moved)).statusName).toBe("MalformedCalldata");
        const huge = encodeFunctionData({ abi: tradingAbi, functionName, args: [args[0], args[1], args[2], Array.from({ length: 257 }, () => 1n), 1n] });
        expect((await executeRefusal(f(), client, sessionId, f().target.address, huge)).statusName).toBe("MalformedCalldata");
      }
    });
    it("redeemPositions (CTF and NegRisk adapter) and pauseUser: exact encodings only", async () => {
      const { client, sessionId } = await session({ calls: allPairs() });
      const ctf = encodeFunctionData({ abi: tradingAbi, functionName: "redeemPositions", args: [f().pusd.address, zeroHash, zeroHash, [1n, 2n]] });
      const negRisk = encodeFunctionData({ abi: tradingAbi, functionName: "redeemPositions", args: [zeroHash, [5n, 0n]] });
      const pause = encodeFunctionData({ abi: tradingAbi, functionName: "pauseUser" });
      for (const data of [ctf, negRisk, pause]) {
        expect((await execute(f(), client, sessionId, f().target.address, data)).status).toBe("success");
        expect((await executeRefusal(f(), client, sessionId, f().target.address, concatHex([data, "0x00"]))).statusName).toBe("MalformedCalldata");
      }
    });
    it("a call runs as CALL from the Safe: the target's own storage records the Safe as caller (no DELEGATECALL path)", async () => {
      const execute_ = wardenModuleAbi.find((i) => i.type === "function" && i.name === "execute");
      expect(execute_ && "inputs" in execute_ ? execute_.inputs.map((i) => i.name) : []).toEqual(["safe", "sessionId", "target", "value", "data"]);
      const { client, sessionId } = await session({ calls: allPairs() });
      await execute(f(), client, sessionId, f().target.address, encodeFunctionData({ abi: tradingAbi, functionName: "pauseUser" }));
      expect(await f().target.read.lastCaller()).toBe(f().safe);
      expect(await f().target.read.calls()).toBe(1n);
    });
  });

  describe("transfers out (only with a recipient allowlist)", () => {
    it("a grant of transfer without recipients is refused: InvalidScope(TransferWithoutRecipients)", async () => {
      const { account } = await f().newKey();
      const grant = await f().defaultGrant(account.address, { calls: [{ target: f().pusd.address, selector: SELECTORS.transfer }] });
      expect(await refusal(() => f().module.simulate.grantSession([grant], { account: f().safe }))).toEqual({
        errorName: "InvalidScope",
        statusName: "TransferWithoutRecipients",
        args: { status: expect.any(Number), info: padHex(SELECTORS.transfer, { size: 32, dir: "right" }) },
      });
    });
    it("transfer/transferFrom/ERC-1155 safeTransferFrom: listed recipient only, from the Safe, within the cap", async () => {
      const friend = f().stranger.account.address;
      const other = f().guardian.account.address;
      const calls = [
        { target: f().pusd.address, selector: SELECTORS.transfer },
        { target: f().pusd.address, selector: SELECTORS.transferFrom },
        { target: f().target.address, selector: SELECTORS.erc1155SafeTransferFrom },
      ];
      const { client, sessionId } = await session({ calls, recipients: [friend] });
      const transfer = (to: Hex, n: bigint) => encodeFunctionData({ abi: erc20, functionName: "transfer", args: [to, n] });
      expect((await execute(f(), client, sessionId, f().pusd.address, transfer(friend, CAP))).status).toBe("success");
      expect(await f().pusd.read.balanceOf([friend])).toBe(CAP);
      expect(await executeRefusal(f(), client, sessionId, f().pusd.address, transfer(other, 1n))).toEqual(
        violation(sessionId, "RecipientNotAllowed", addressWord(other)),
      );
      expect((await executeRefusal(f(), client, sessionId, f().pusd.address, transfer(friend, CAP + 1n))).statusName).toBe("SizeCapExceeded");
      const fromOther = encodeFunctionData({ abi: erc20, functionName: "transferFrom", args: [other, friend, 1n] });
      expect((await executeRefusal(f(), client, sessionId, f().pusd.address, fromOther)).statusName).toBe("WrongBeneficiary");
      const erc1155 = (data: Hex) => encodeFunctionData({ abi: tradingAbi, functionName: "safeTransferFrom", args: [f().safe, friend, 7n, 1n, data] });
      expect((await execute(f(), client, sessionId, f().target.address, erc1155("0x"))).status).toBe("success");
      expect((await executeRefusal(f(), client, sessionId, f().target.address, erc1155("0x01"))).statusName).toBe("MalformedCalldata");
    });
  });

  describe("grant validation", () => {
    it("refuses targets that are the Safe, the module, the fallback handler or zero (S10)", async () => {
      const { account } = await f().newKey();
      for (const target of [f().safe, f().module.address, f().infra.handler, "0x0000000000000000000000000000000000000000" as const]) {
        const grant = await f().defaultGrant(account.address, { calls: [{ target, selector: SELECTORS.approve }] });
        expect(await refusal(() => f().module.simulate.grantSession([grant], { account: f().safe }))).toEqual({
          errorName: "InvalidScope",
          statusName: "TargetForbidden",
          args: { status: expect.any(Number), info: addressWord(target) },
        });
      }
    });
    it("refuses selectors outside the catalogue (e.g. Safe's setFallbackHandler, ERC-1155 batch transfer)", async () => {
      const { account } = await f().newKey();
      for (const selector of ["0xf08a0323", "0x2eb2c2d6"] as const) {
        const grant = await f().defaultGrant(account.address, { calls: [{ target: f().target.address, selector }] });
        expect((await refusal(() => f().module.simulate.grantSession([grant], { account: f().safe }))).statusName).toBe("UnsupportedSelector");
      }
    });
    it("refuses a zero key, an expiry in the past, an unknown exchange bit, a strategy ≥ 64 and lists over 64 entries", async () => {
      const { account } = await f().newKey();
      const now = await f().now();
      const cases: [Partial<Grant>, Partial<Limits>, string][] = [
        [{ key: "0x0000000000000000000000000000000000000000" }, {}, "ZeroSessionKey"],
        [{}, { validUntil: now - 1 }, "SessionExpired"],
        [{}, { exchangeMask: 0b1000 }, "UnknownExchange"],
        [{}, { strategy: 64 }, "StrategyOutOfRange"],
        [{ tokenIds: Array.from({ length: 65 }, (_, i) => BigInt(i)) }, {}, "TooManyEntries"],
        [{ spenders: [f().safe] }, {}, "InvalidAddress"],
      ];
      for (const [overrides, limits, statusName] of cases) {
        const grant = await f().defaultGrant(account.address, overrides, limits);
        expect((await refusal(() => f().module.simulate.grantSession([grant], { account: f().safe }))).statusName).toBe(statusName);
      }
      // At the limits: strategy 63, 64 tokens, validUntil = now + 1 are accepted.
      const ok = await f().defaultGrant(account.address, { tokenIds: Array.from({ length: 64 }, (_, i) => BigInt(i)) }, { strategy: 63, validUntil: now + 1 });
      await f().module.simulate.grantSession([ok], { account: f().safe });
    });
  });
});
