import { readFileSync } from "node:fs";
import { type AbiFunction, type Hex, concatHex, encodeFunctionData, keccak256, parseAbi, parseSignature, serializeCompactSignature, signatureToCompactSignature, toFunctionSelector, zeroHash } from "viem";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exchangeStandIn, freshAccount, revertName, soladyIsValidSignatureCalldata } from "./helpers/exchangeStandIn";

type StandIn = Awaited<ReturnType<typeof exchangeStandIn>>;
const MAGIC_WORD = concatHex(["0x1626ba7e", "0x".padEnd(58, "0") as Hex]);
const erc1271 = parseAbi(["function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)"]);
const secp256k1N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe("TestCTFExchangeV2: the real exchange's order tuple, validateOrder and signature rules", () => {
  let s: StandIn;
  beforeAll(async () => {
    s = await exchangeStandIn();
  });
  afterAll(async () => s?.close());

  it("exposes the real CTFExchangeV2 selectors (research §2.1) with the signature inside the Order tuple", () => {
    const abi = JSON.parse(readFileSync("artifacts/contracts/test/TestCTFExchangeV2.sol/TestCTFExchangeV2.json", "utf8")).abi as AbiFunction[];
    const selectors = new Set(abi.filter((f) => f.type === "function").map((f) => toFunctionSelector(f)));
    for (const s of ["0x3c2b4399", "0xe3a5ced5", "0x437f1994", "0xc0c3132c", "0x4cce30c9", "0x1031e36e", "0x456068d2", "0x3d861a4d", "0x088170cb", "0xf5db3e4b", "0x46423aa7", "0x28872101", "0x234d81b9"]) {
      expect(selectors.has(s as Hex), s).toBe(true);
    }
    const validate = abi.find((f) => f.name === "validateOrder")!;
    expect(validate.inputs[0]!.type).toBe("tuple");
    expect((validate.inputs[0] as { components: readonly { type: string }[] }).components.map((c) => c.type).join(",")).toBe(
      "uint256,address,address,uint256,uint256,uint256,uint8,uint8,uint256,bytes32,bytes32,bytes",
    );
  });

  it("hashes the signed tuple like the unsigned one and EIP-712: the signature is not covered", async () => {
    const signed = await s.signedBy(freshAccount());
    const { signature, ...unsigned } = signed;
    const expected = s.digest(unsigned);
    expect(await s.exchange.read.hashOrder([signed])).toBe(expected);
    expect(await s.exchange.read.hashOrder([{ ...signed, signature: "0x1234" }])).toBe(expected);
    expect(await s.exchange.read.hashOrder([unsigned])).toBe(expected);
    expect(signature).not.toBe("0x");
  });

  it("EOA: a valid signature passes; a signer that is not the maker, another key or a bad length is InvalidSignature", async () => {
    const alice = freshAccount();
    const good = await s.signedBy(alice);
    await s.exchange.read.validateOrder([good]);
    await s.exchange.read.validateOrderSignature([s.digest(good), good]);
    const bob = freshAccount();
    const notMaker = await s.signedBy(alice, { maker: bob.address });
    expect(await revertName(s.exchange.read.validateOrder([notMaker]))).toBe("InvalidSignature");
    const otherKey = { ...good, signature: (await s.signedBy(bob, { salt: good.salt, maker: alice.address, signer: alice.address })).signature };
    expect(await revertName(s.exchange.read.validateOrder([otherKey]))).toBe("InvalidSignature");
    for (const bad of [concatHex([good.signature, "0x00"]), good.signature.slice(0, 128) as Hex, "0x01" as Hex]) {
      expect(await revertName(s.exchange.read.validateOrder([{ ...good, signature: bad }]))).toBe("InvalidSignature");
    }
  });

  it("EOA follows Solady ECDSA: 64-byte EIP-2098 and high-s signatures recover (the older isValidOrderSignature refuses high s)", async () => {
    const alice = freshAccount();
    const good = await s.signedBy(alice);
    const compact = serializeCompactSignature(signatureToCompactSignature(parseSignature(good.signature)));
    await s.exchange.read.validateOrder([{ ...good, signature: compact }]);
    const { r, s: lowS, yParity } = parseSignature(good.signature);
    const highS = concatHex([r, `0x${(secp256k1N - BigInt(lowS)).toString(16).padStart(64, "0")}`, yParity === 0 ? "0x1c" : "0x1b"]);
    await s.exchange.read.validateOrder([{ ...good, signature: highS }]);
    const { signature: _unused, ...unsigned } = good;
    expect(await s.exchange.read.isValidOrderSignature([unsigned, highS])).toBe(false);
    expect(await s.exchange.read.isValidOrderSignature([unsigned, good.signature])).toBe(true);
  });

  it("checks makerAmount > 0 before the signature and the user pause after it, in the exchange's order", async () => {
    const alice = freshAccount();
    const zero = await s.signedBy(alice, { makerAmount: 0n });
    expect(await revertName(s.exchange.read.validateOrder([{ ...zero, signature: "0x01" }]))).toBe("ZeroMakerAmount");
    const good = await s.signedBy(alice, { makerAmount: 1n });
    await s.exchange.read.validateOrder([good]);
    await s.networkHelpers.impersonateAccount(alice.address);
    await s.networkHelpers.setBalance(alice.address, 10n ** 18n);
    const asAlice = await s.viem.getContractAt("TestCTFExchangeV2", s.exchange.address, { client: { wallet: await s.viem.getWalletClient(alice.address) } });
    await asAlice.write.pauseUser();
    await s.networkHelpers.mine(99);
    await s.exchange.read.validateOrder([good]);
    await s.networkHelpers.mine(1);
    expect(await revertName(s.exchange.read.validateOrder([good]))).toBe("UserIsPaused");
    expect(await revertName(s.exchange.read.validateOrder([{ ...good, signature: "0x01" }]))).toBe("InvalidSignature");
    await asAlice.write.unpauseUser();
    await s.exchange.read.validateOrder([good]);
  });

  it("an empty signature is valid only while the operator's preapproval stands", async () => {
    const alice = freshAccount();
    const good = await s.signedBy(alice);
    const bare = { ...good, signature: "0x" as Hex };
    expect(await revertName(s.exchange.read.validateOrder([bare]))).toBe("InvalidSignature");
    expect(await revertName(s.exchange.write.preapproveOrder([good], { account: s.stranger.account }))).toBe("NotOperator");
    expect(await revertName(s.exchange.write.preapproveOrder([{ ...good, signature: (await s.signedBy(freshAccount())).signature }]))).toBe("InvalidSignature");
    await s.exchange.write.preapproveOrder([good]);
    await s.exchange.read.validateOrder([bare]);
    expect(await revertName(s.exchange.write.invalidatePreapprovedOrder([s.digest(good)], { account: s.stranger.account }))).toBe("NotOperator");
    await s.exchange.write.invalidatePreapprovedOrder([s.digest(good)]);
    expect(await revertName(s.exchange.read.validateOrder([bare]))).toBe("InvalidSignature");
  });

  it("regression: a stranger's preapproveOrder, either overload, reverts NotOperator (not a JSON-RPC -32602 from Hardhat)", async () => {
    const signed = await s.signedBy(freshAccount());
    const { signature, ...unsigned } = signed;
    expect(await revertName(s.exchange.write.preapproveOrder([signed], { account: s.stranger.account }))).toBe("NotOperator");
    expect(await revertName(s.exchange.write.preapproveOrder([unsigned, signature], { account: s.stranger.account }))).toBe("NotOperator");
    expect(await revertName(s.exchange.write.fillOrder([unsigned, signature], { account: s.stranger.account }))).toBe("NotOperator");
  });

  it("POLY_1271 needs signer == maker and code at the maker", async () => {
    const maker = await s.maker1271();
    await maker.write.configure([zeroHash, MAGIC_WORD, false]);
    const o = s.order({ maker: maker.address, signer: maker.address, signatureType: 3 });
    await s.exchange.read.validateOrder([{ ...o, signature: "0xabcd" }]);
    const otherSigner = s.order({ maker: maker.address, signer: freshAccount().address, signatureType: 3 });
    expect(await revertName(s.exchange.read.validateOrder([{ ...otherSigner, signature: "0xabcd" }]))).toBe("InvalidSignature");
    const eoa = freshAccount().address;
    const noCode = s.order({ maker: eoa, signer: eoa, signatureType: 3 });
    expect(await revertName(s.exchange.read.validateOrder([{ ...noCode, signature: "0xabcd" }]))).toBe("InvalidSignature");
  });

  it.each([1, 31, 33, 65, 100, 64, 96])(
    "POLY_1271 calldata is byte-identical to Solady's SignatureCheckerLib (unpadded) for a %i-byte signature",
    async (length) => {
      const maker = await s.maker1271();
      const o = s.order({ maker: maker.address, signer: maker.address, signatureType: 3 });
      const signature = `0x${"ab".repeat(length)}` as Hex;
      const hash = s.digest(o);
      const solady = soladyIsValidSignatureCalldata(hash, signature);
      expect((solady.length - 2) / 2).toBe(0x64 + length);
      const padded = encodeFunctionData({ abi: erc1271, functionName: "isValidSignature", args: [hash, signature] });
      await maker.write.configure([keccak256(solady), MAGIC_WORD, false]);
      await s.exchange.read.validateOrder([{ ...o, signature }]);
      await maker.write.configure([keccak256(padded), MAGIC_WORD, false]);
      if (length % 32 === 0) {
        expect(padded).toBe(solady);
        await s.exchange.read.validateOrder([{ ...o, signature }]);
      } else {
        expect(await revertName(s.exchange.read.validateOrder([{ ...o, signature }]))).toBe("InvalidSignature");
      }
      // The older entry points send the same bytes.
      await maker.write.configure([keccak256(solady), MAGIC_WORD, false]);
      expect(await s.exchange.read.isValidOrderSignature([o, signature])).toBe(true);
    },
  );

  it("property: for random signature bytes the maker is sent Solady's unpadded layout, never abi.encode's padded one", async () => {
    const maker = await s.maker1271();
    const o = s.order({ maker: maker.address, signer: maker.address, signatureType: 3 });
    const hash = s.digest(o);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (bytes) => {
        const signature = `0x${Buffer.from(bytes).toString("hex")}` as Hex;
        const padded = encodeFunctionData({ abi: erc1271, functionName: "isValidSignature", args: [hash, signature] });
        await maker.write.configure([keccak256(soladyIsValidSignatureCalldata(hash, signature)), MAGIC_WORD, false]);
        expect(await revertName(s.exchange.read.validateOrder([{ ...o, signature }]))).toBe("(no revert)");
        await maker.write.configure([keccak256(padded), MAGIC_WORD, false]);
        expect(await revertName(s.exchange.read.validateOrder([{ ...o, signature }]))).toBe(bytes.length % 32 === 0 ? "(no revert)" : "InvalidSignature");
      }),
      { numRuns: 30 },
    );
  });

  it("POLY_1271 answer: the first returned word must be the magic value left-aligned, as Solady judges it", async () => {
    const maker = await s.maker1271();
    const o = { ...s.order({ maker: maker.address, signer: maker.address, signatureType: 3 }), signature: "0x01" as Hex };
    const accepts = async (answer: Hex, reverts = false) => {
      await maker.write.configure([zeroHash, answer, reverts]);
      return (await revertName(s.exchange.read.validateOrder([o]))) === "(no revert)";
    };
    expect(await accepts(MAGIC_WORD)).toBe(true);
    expect(await accepts(concatHex([MAGIC_WORD, zeroHash]))).toBe(true);
    expect(await accepts("0x1626ba7e")).toBe(false);
    expect(await accepts(MAGIC_WORD.slice(0, 64) as Hex)).toBe(false);
    expect(await accepts(`0x${"0".repeat(56)}1626ba7e`)).toBe(false);
    expect(await accepts(concatHex(["0x1626ba7f", MAGIC_WORD.slice(10) as Hex]))).toBe(false);
    expect(await accepts("0x")).toBe(false);
    expect(await accepts(MAGIC_WORD, true)).toBe(false);
  });

  it("POLY_PROXY and POLY_GNOSIS_SAFE are never valid here (no Polymarket factory), and a bad ECDSA signature reverts first", async () => {
    const alice = freshAccount();
    for (const signatureType of [1, 2] as const) {
      const o = await s.signedBy(alice, { signatureType });
      expect(await revertName(s.exchange.read.validateOrder([o]))).toBe("InvalidSignature");
    }
  });
});
