import { describe, expect, test } from "vitest";
import type { ContractContext } from "../storeContract";

const blob = (n: number) => `{"v":1,"sealed":"blob-${n}"}`;

/** Sealed key blobs: set-if-absent with the winner returned, read, delete; kept across a reopen. */
export function sealedKeysContract({ fresh }: ContractContext): void {
  describe("sealed keys", () => {
    test("the first put under a name wins: every later put gets the first blob back", async () => {
      const { store } = await fresh();
      expect(await store.getSealedKey("deposit-wallet:session-signer")).toBeUndefined();
      expect(await store.putSealedKey("deposit-wallet:session-signer", blob(1))).toBe(blob(1));
      expect(await store.putSealedKey("deposit-wallet:session-signer", blob(2))).toBe(blob(1));
      expect(await store.getSealedKey("deposit-wallet:session-signer")).toBe(blob(1));
      expect(await store.getSealedKey("safe-session:ses_1")).toBeUndefined();
    });

    test("puts racing on one name all return the same winner, which is what is stored", async () => {
      const { store } = await fresh();
      const winners = await Promise.all(Array.from({ length: 16 }, (_, i) => store.putSealedKey("race", blob(i))));
      expect(new Set(winners).size).toBe(1);
      expect(await store.getSealedKey("race")).toBe(winners[0]);
    });

    test("a deleted name reads as absent and can be put again; deleting an absent name is a no-op", async () => {
      const { store } = await fresh();
      await store.putSealedKey("safe-session:ses_1", blob(1));
      await store.putSealedKey("safe-session:ses_2", blob(2));
      await store.deleteSealedKey("safe-session:ses_1");
      await store.deleteSealedKey("safe-session:ses_1");
      expect(await store.getSealedKey("safe-session:ses_1")).toBeUndefined();
      expect(await store.getSealedKey("safe-session:ses_2")).toBe(blob(2));
      expect(await store.putSealedKey("safe-session:ses_1", blob(3))).toBe(blob(3));
    });

    test("names and blobs outside the format are refused, naming the parameter", async () => {
      const { store } = await fresh();
      await expect(store.putSealedKey("has space", blob(1))).rejects.toThrow(/Invalid sealed key name/);
      await expect(store.getSealedKey("x".repeat(161))).rejects.toThrow(/Invalid sealed key name/);
      await expect(store.deleteSealedKey("")).rejects.toThrow(/Invalid sealed key name/);
      await expect(store.putSealedKey("ok", "")).rejects.toThrow(/Invalid sealed key blob/);
      await expect(store.putSealedKey("ok", "x".repeat(4097))).rejects.toThrow(/Invalid sealed key blob/);
    });

    test("sealed keys outlive the store: a reopen reads what was put and not what was deleted", async (t) => {
      const f = await fresh();
      if (!f.reopen) return t.skip();
      await f.store.putSealedKey("kept", blob(1));
      await f.store.putSealedKey("gone", blob(2));
      await f.store.deleteSealedKey("gone");
      const again = await f.reopen();
      expect(await again.getSealedKey("kept")).toBe(blob(1));
      expect(await again.getSealedKey("gone")).toBeUndefined();
      expect(await again.putSealedKey("kept", blob(3))).toBe(blob(1));
    });
  });
}
