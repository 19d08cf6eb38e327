import { encodeFunctionData, parseAbi, recoverTransactionAddress, zeroAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { toSafeExecutorAccount } from "../../src/signer/toSafeExecutorAccount";
import { WalletKey } from "../../src/signer/WalletKey";

const PK = `0x${"7b".repeat(32)}` as const;
const SAFE = "0x2222222222222222222222222222222222222222";
const account = toSafeExecutorAccount({ key: WalletKey.fromPrivateKey(PK), safe: SAFE });
const exec = encodeFunctionData({
  abi: parseAbi(["function execTransaction(address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,uint256 baseGas,uint256 gasPrice,address gasToken,address refundReceiver,bytes signatures)"]),
  args: [SAFE, 0n, "0x", 0, 0n, 0n, 0n, zeroAddress, zeroAddress, "0x"],
});
const tx = { chainId: 137, type: "eip1559", to: SAFE, data: exec, nonce: 1, gas: 500_000n, maxFeePerGas: 100n, maxPriorityFeePerGas: 1n } as const;

describe("the executor key relays the Safe's execTransaction, and nothing else", () => {
  test("execTransaction to the Safe: the same signed transaction as viem's own account", async () => {
    const signed = await account.signTransaction(tx);
    expect(signed).toBe(await privateKeyToAccount(PK).signTransaction(tx));
    expect(await recoverTransactionAddress({ serializedTransaction: signed as never })).toBe(privateKeyToAccount(PK).address);
  });

  test.each([
    ["another contract", { to: "0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB" }],
    ["another call to the Safe", { data: "0x610b59250000000000000000000000002222222222222222222222222222222222222222" }],
    ["value", { value: 1n }],
    ["no target", { to: undefined }],
  ])("refuses %s", async (_l, over) => {
    await expect(account.signTransaction({ ...tx, ...over } as never)).rejects.toThrow(/only relays the Safe's execTransaction/);
  });

  test("refuses an EIP-7702 authorisation, messages and typed data", async () => {
    const auth = { address: SAFE, chainId: 137, nonce: 0, r: `0x${"11".repeat(32)}`, s: `0x${"22".repeat(32)}`, yParity: 0 } as const;
    await expect(account.signTransaction({ ...tx, type: "eip7702", authorizationList: [auth] } as never)).rejects.toThrow(/never an EIP-7702 authorisation/);
    await expect(account.signMessage({ message: "gm" })).rejects.toThrow(/never a message/);
    await expect(account.signTypedData({ domain: {}, types: { A: [{ name: "a", type: "uint256" }] }, primaryType: "A", message: { a: 1n } })).rejects.toThrow(/never typed data/);
  });
});
