import { describe, expect, it } from "vitest";
import { type Address, type Hex, concatHex, encodeAbiParameters, hashTypedData, keccak256, recoverAddress, sliceHex, toHex, zeroHash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hashSessionOrder } from "../../src/chain/hashSessionOrder";
import { signWardenOrder } from "../../src/chain/signWardenOrder";
import { exchangeDomain } from "../../src/core/polymarket/exchangeDomain";
import { orderTypes } from "../../src/core/polymarket/orderTypes";
import { splitMuxerSignature } from "../contracts/helpers/payloads";

const module: Address = "0x064A99AF9326a0b249C10BcC1E0A69b156A10B30";
const sessionId: Hex = `0x${"ab".repeat(32)}`;
const orderHash: Hex = `0x${"cd".repeat(32)}`;

/** The digest written out from the EIP-712 rules with the spec's own literals (independent of src/). */
function literalDigest(chainId: number, moduleAddress: Hex, id: Hex, hash: Hex): Hex {
  const domainSeparator = keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
      [
        keccak256(toHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
        keccak256(toHex("Warden")),
        keccak256(toHex("1")),
        BigInt(chainId),
        moduleAddress,
      ],
    ),
  );
  const structHash = keccak256(concatHex(["0xd6ffcd22c5140745e34e14d7bdf7d77de6eb8eac68766aff66e6e2839ed44275", id, hash]));
  return keccak256(concatHex(["0x1901", domainSeparator, structHash]));
}

describe("hashSessionOrder", () => {
  it("is EIP-712 SessionOrder(bytes32 sessionId,bytes32 orderHash) under {name: Warden, version: 1, chainId, module}", () => {
    expect(keccak256(toHex("SessionOrder(bytes32 sessionId,bytes32 orderHash)"))).toBe("0xd6ffcd22c5140745e34e14d7bdf7d77de6eb8eac68766aff66e6e2839ed44275");
    expect(hashSessionOrder({ module, chainId: 137, sessionId, orderHash })).toBe(literalDigest(137, module, sessionId, orderHash));
  });
  it("changes with the session id, the order hash, the chain id and the module", () => {
    const base = hashSessionOrder({ module, chainId: 137, sessionId, orderHash });
    const other: Hex = `0x${"ef".repeat(32)}`;
    const variants = [
      hashSessionOrder({ module, chainId: 137, sessionId: other, orderHash }),
      hashSessionOrder({ module, chainId: 137, sessionId, orderHash: other }),
      hashSessionOrder({ module, chainId: 80002, sessionId, orderHash }),
      hashSessionOrder({ module: "0x0000000000000000000000000000000000000001", chainId: 137, sessionId, orderHash }),
    ];
    expect(new Set([base, ...variants]).size).toBe(5);
  });
  it("is what signWardenOrder's session signature covers (and not the bare order hash)", async () => {
    const key = privateKeyToAccount(generatePrivateKey());
    const domain = exchangeDomain({ exchange: "0xE111180000d2663C0091e4f400237545B87B996B", version: "2", chainId: 137 });
    const order = {
      salt: 1n, maker: module, signer: module, tokenId: 7n, makerAmount: 50_000_000n, takerAmount: 100_000_000n,
      side: 0 as const, signatureType: 3 as const, timestamp: 1_800_000_000_000n, metadata: zeroHash, builder: zeroHash,
    };
    const signature = await signWardenOrder({ sessionKey: key, module, sessionId, domain, order });
    const payloadSignature = sliceHex(splitMuxerSignature(signature).payload, 32);
    const hash = hashTypedData({ domain, types: orderTypes, primaryType: "Order", message: order });
    expect(await recoverAddress({ hash: hashSessionOrder({ module, chainId: 137, sessionId, orderHash: hash }), signature: payloadSignature })).toBe(key.address);
    expect(await recoverAddress({ hash, signature: payloadSignature })).not.toBe(key.address);
  });
});
