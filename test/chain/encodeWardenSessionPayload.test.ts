import { describe, expect, it } from "vitest";
import { type Hex, concatHex, numberToHex, sliceHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { InvalidSessionSignatureError } from "../../src/errors/moduleErrors";
import { encodeWardenSessionPayload } from "../../src/chain/encodeWardenSessionPayload";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const sessionId = `0x${"ab".repeat(32)}` as Hex;

describe("encodeWardenSessionPayload", () => {
  it("is sessionId ‖ r ‖ s ‖ v, 97 bytes", async () => {
    const signature = await privateKeyToAccount(generatePrivateKey()).sign({ hash: `0x${"11".repeat(32)}` });
    const payload = encodeWardenSessionPayload({ sessionId, signature });
    expect((payload.length - 2) / 2).toBe(97);
    expect(sliceHex(payload, 0, 32)).toBe(sessionId);
    expect(sliceHex(payload, 32)).toBe(signature);
  });
  it.each([
    ["length", (sig: Hex) => sliceHex(sig, 0, 64)],
    ["high_s", (sig: Hex) => concatHex([sliceHex(sig, 0, 32), numberToHex(N - BigInt(sliceHex(sig, 32, 64)), { size: 32 }), sliceHex(sig, 64)])],
    ["v", (sig: Hex) => concatHex([sliceHex(sig, 0, 64), "0x01"])],
  ] as const)("refuses what the module would refuse: %s", async (reason, mutate) => {
    const signature = await privateKeyToAccount(generatePrivateKey()).sign({ hash: `0x${"22".repeat(32)}` });
    expect(() => encodeWardenSessionPayload({ sessionId, signature: mutate(signature) })).toThrow(InvalidSessionSignatureError);
    try {
      encodeWardenSessionPayload({ sessionId, signature: mutate(signature) });
    } catch (e) {
      expect((e as InvalidSessionSignatureError).reason).toBe(reason);
    }
  });
  it("refuses a session id that is not 32 bytes", async () => {
    const signature = await privateKeyToAccount(generatePrivateKey()).sign({ hash: `0x${"33".repeat(32)}` });
    expect(() => encodeWardenSessionPayload({ sessionId: "0x1234", signature })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidSessionSignatureError: Session signature cannot be encoded for the Warden module (session_id).]`,
    );
  });
});
