import { recoverTransactionAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { toUserPauseAccount } from "../../src/signer/toUserPauseAccount";
import { WalletKey } from "../../src/signer/WalletKey";

const PK = `0x${"9a".repeat(32)}` as const;
const EXCHANGE = "0xE111180000d2663C0091e4f400237545B87B996B";
const account = toUserPauseAccount({ key: WalletKey.fromPrivateKey(PK), exchanges: [EXCHANGE] });
const tx = { chainId: 137, type: "eip1559", to: EXCHANGE, data: "0xc0c3132c", nonce: 3, gas: 60_000n, maxFeePerGas: 100n, maxPriorityFeePerGas: 1n } as const;

describe("the wallet key signs pauseUser() / unpauseUser() to a configured exchange, and nothing else", () => {
  test.each(["0xc0c3132c", "0x4cce30c9"] as const)("%s: the same signed transaction as viem's own account", async (data) => {
    const signed = await account.signTransaction({ ...tx, data });
    expect(signed).toBe(await privateKeyToAccount(PK).signTransaction({ ...tx, data }));
    expect(await recoverTransactionAddress({ serializedTransaction: signed as never })).toBe(privateKeyToAccount(PK).address);
  });

  test.each([
    ["another contract", { to: "0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB" }],
    ["a pUSD transfer to the exchange", { data: "0xa9059cbb000000000000000000000000000000000000000000000000000000000000dead0000000000000000000000000000000000000000000000000000000000000001" }],
    ["pauseUser with trailing bytes", { data: "0xc0c3132c00" }],
    ["value", { value: 1n }],
    ["no target", { to: undefined }],
  ])("refuses %s", async (_l, over) => {
    await expect(account.signTransaction({ ...tx, ...over } as never)).rejects.toThrow(/signs only pauseUser\(\) \/ unpauseUser\(\) to a configured exchange/);
  });

  test("refuses an EIP-7702 authorisation, messages and typed data", async () => {
    const auth = { address: EXCHANGE, chainId: 137, nonce: 0, r: `0x${"11".repeat(32)}`, s: `0x${"22".repeat(32)}`, yParity: 0 } as const;
    await expect(account.signTransaction({ ...tx, type: "eip7702", authorizationList: [auth] } as never)).rejects.toThrow(/never an EIP-7702 authorisation/);
    await expect(account.signMessage({ message: "gm" })).rejects.toThrow(/never a message/);
    await expect(account.signTypedData({ domain: {}, types: { A: [{ name: "a", type: "uint256" }] }, primaryType: "A", message: { a: 1n } })).rejects.toThrow(/never typed data/);
  });
});
