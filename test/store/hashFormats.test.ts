import { createHash } from "node:crypto";
import fc from "fast-check";
import { expect, test } from "vitest";
import { auditHash } from "../../src/store/auditHash";
import { decisionKey } from "../../src/store/decisionKey";

// Files and Redis stores written before the one-shot crypto.hash hold keys and chain hashes made
// with createHash's streaming updates: the same bytes must give the same values, or a reopened
// store would miss its idempotency keys and fail its audit verification.
test("decisionKey is the first 64 bits of sha256(session_id NUL intent_id), as the streaming form computed it (any Unicode)", () => {
  fc.assert(
    fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (s, i) => {
      const streamed = createHash("sha256").update(s).update("\u0000").update(i).digest().readBigInt64BE(0);
      expect(decisionKey(s, i)).toBe(streamed);
    }),
    { numRuns: 500 },
  );
  expect(decisionKey("0x11", "int_1")).toBe(createHash("sha256").update("0x11\u0000int_1").digest().readBigInt64BE(0));
});

test("auditHash is sha256 of prev_hash|seq|at_ms|kind|payload_json, hex, as the streaming form computed it", () => {
  fc.assert(
    fc.property(fc.string({ unit: "grapheme" }), fc.nat(), fc.nat(), fc.string(), (payload_json, seq, at_ms, kind) => {
      const prev_hash = "0".repeat(64);
      const streamed = createHash("sha256").update(`${prev_hash}|${seq}|${at_ms}|${kind}|${payload_json}`).digest("hex");
      expect(auditHash({ prev_hash, seq, at_ms, kind, payload_json })).toBe(streamed);
    }),
    { numRuns: 500 },
  );
});
