import { describe, expect, it } from "vitest";
import { encodeFunctionData, parseAbi } from "viem";
import { wardenModuleAbi } from "../../src/chain/generated/wardenModuleAbi";
import { wardenFixture } from "./helpers/wardenFixture";
import { execute } from "./helpers/moduleCalls";
import { safeVersions, type SafeVersion } from "./helpers/safes";

const erc20 = parseAbi(["function approve(address,uint256)"]);

describe.each(Object.keys(safeVersions) as SafeVersion[])("real Safe %s proxy with the 1.5.0 ExtensibleFallbackHandler", (version) => {
  it("accepts an in-scope session order on every exchange, executes a scoped call, and revocation kills the order", async () => {
    const f = await wardenFixture(version);
    const { account, client } = await f.newKey();
    const sessionId = await f.grant(await f.defaultGrant(account.address));
    const order = await f.makeOrder();
    const signatures = await Promise.all([0, 1, 2].map((i) => f.signOrder(account, sessionId, order, i)));
    for (const [i, signature] of signatures.entries()) expect(await f.exchangeAccepts(order, signature, i)).toBe(true);
    await f.exchanges[0]!.write.fillOrder([order, signatures[0]!]);

    const data = encodeFunctionData({ abi: erc20, functionName: "approve", args: [f.exchanges[0]!.address, 400_000_000n] });
    expect((await execute(f, client, sessionId, f.pusd.address, data)).status).toBe("success");
    expect(await f.pusd.read.allowance([f.safe, f.exchanges[0]!.address])).toBe(400_000_000n);

    await f.moduleCall(encodeFunctionData({ abi: wardenModuleAbi, functionName: "revokeSession", args: [sessionId] }));
    for (const [i, signature] of signatures.entries()) expect(await f.exchangeAccepts(order, signature, i)).toBe(false);
  });
});
