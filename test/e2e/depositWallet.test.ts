import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { forkEnvironmentConfig, createSecureClient, production } from "@polymarket/client";
import { signerFrom } from "@polymarket/client/viem";
import { OrderBuilder, Side, SignatureTypeV2, createL1Headers } from "@polymarket/clob-client-v2";
import { type Address, type Hex, createWalletClient, encodeFunctionData, getAddress, hashTypedData, http, verifyTypedData, zeroHash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { polygon } from "viem/chains";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { depositWalletAbi } from "../../src/chain/depositWalletAbi";
import { depositWalletCommand } from "../../src/cli/depositWalletCommand";
import { parseConfig } from "../../src/config/parseConfig";
import { depositWalletSessionSignerBatch } from "../../src/chain/depositWalletSessionSignerBatch";
import { submitDepositWalletBatch } from "../../src/chain/submitDepositWalletBatch";
import type { WardenConfigInput } from "../../src/config/wardenConfigSchema";
import { SigningDeniedError } from "../../src/errors/SigningDeniedError";
import { decryptKeystore } from "../../src/signer/decryptKeystore";
import { encryptKeystore } from "../../src/signer/encryptKeystore";
import { toDepositWalletOrderSignature } from "../../src/signer/toDepositWalletOrderSignature";
import { toSessionAccount } from "../../src/signer/toSessionAccount";
import { WalletKey } from "../../src/signer/WalletKey";
import { createWarden } from "../../src/warden/createWarden";
import type { Warden } from "../../src/warden/Warden";
import { type DepositWalletChain, depositWalletChain } from "../helpers/depositWalletChain";
import { type JsonRpcServer, startJsonRpcServer } from "../helpers/jsonRpcServer";
import { startRelayerStandIn } from "../helpers/relayerStandIn";
import { CLOB_AUTH_TYPES, FIXTURE_TOKEN, grant, orderTypedData, roomyRisk, tempDir } from "../helpers/testWarden";
import { type ClientSignedOrder, toOrderStruct } from "../helpers/clobClientShapes";

const PASSPHRASE = "deposit-wallet e2e passphrase";
type Relayer = Awaited<ReturnType<typeof startRelayerStandIn>>;
type SignedOrder = ClientSignedOrder;

describe("deposit-wallet mode end to end: a local chain, a relayer stand-in, the warden command, stock clob-client-v2", () => {
  let c: DepositWalletChain;
  let rpc: JsonRpcServer;
  let relayer: Relayer;
  let warden: Warden;
  let session: WalletKey;
  let credential: string;
  let configPath: string;

  beforeAll(async () => {
    c = await depositWalletChain();
    rpc = await startJsonRpcServer(c.provider);
    relayer = await startRelayerStandIn({ run: c.runRelayerRequest });
    const dir = tempDir();
    const keystorePath = join(dir, "session-signer.json");
    // The session signer's keystore, as `warden keystore-create` writes it (a cheaper scrypt for the test).
    writeFileSync(keystorePath, JSON.stringify(encryptKeystore({ key: WalletKey.fromPrivateKey(generatePrivateKey()), passphrase: PASSPHRASE, scryptN: 16384 })));
    session = decryptKeystore({ keystore: readFileSync(keystorePath, "utf8"), passphrase: PASSPHRASE });
    const config: WardenConfigInput = {
      ...roomyRisk,
      store: { path: join(dir, "warden.db"), synchronous: "NORMAL" },
      log: { level: "silent" },
      // The ClobAuth test below needs it (ClobAuth is never a default).
      sessions: { allow_clob_auth: true },
      signing: { max_order_age_s: 3600, max_order_future_skew_s: 5, max_clob_auth_age_s: 300, max_amount_usd: 1_000_000_000 },
      wallet: { mode: "deposit-wallet", owner: c.owner.address, deposit_wallet: c.walletAddress, rpc_url: rpc.url, relayer_url: relayer.url, session_keystore_path: keystorePath, poll_interval_s: 1, max_staleness_s: 3 },
    };
    configPath = join(dir, "warden.config.json");
    writeFileSync(configPath, JSON.stringify(config));
    warden = await createWarden({ wallet: session, config });
    // In deposit-wallet mode the wallet's owner grants Warden's sessions.
    credential = (await grant(warden, c.owner, { method_whitelist: ["CTFExchangeV2.matchOrders", "ClobAuth.sign"] })).credential;
  }, 120_000);
  afterAll(async () => {
    await warden?.close();
    await rpc?.close();
    await relayer?.close();
    await c?.close();
  });

  const walletClient = (strategyId = "nba-mm", cred = credential) =>
    createWalletClient({ account: toSessionAccount({ warden, credential: cred, strategyId }), chain: polygon, transport: http("http://127.0.0.1:1") });
  const build = (version: 2 | 3, negRisk: boolean, size = 100) =>
    new OrderBuilder(walletClient(), 137, SignatureTypeV2.POLY_1271, c.walletAddress).buildOrder(
      { tokenID: FIXTURE_TOKEN, price: 0.4, size, side: Side.BUY },
      { tickSize: "0.01", negRisk },
      version,
    ) as unknown as Promise<SignedOrder>;
  const outcome = (p: Promise<unknown>): Promise<string> => p.then(() => "signed", (e: unknown) => (e instanceof SigningDeniedError ? String(e.vote.reason_code) : `error ${String(e)}`));
  const eventually = async (what: () => Promise<string>, expected: string, ms = 10_000) => {
    const end = Date.now() + ms;
    let last = "";
    while (Date.now() < end) {
      last = await what();
      if (last === expected) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(last).toBe(expected);
  };
  const struct = toOrderStruct;

  const cli = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/warden.ts", "--config", configPath, ...args], {
        env: { ...process.env, WARDEN_KEYSTORE_PASSPHRASE: PASSPHRASE, WARDEN_RELAYER_API_KEY: "relayer-key-for-tests", WARDEN_RELAYER_API_KEY_ADDRESS: c.owner.address },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d));
      child.stderr.on("data", (d: Buffer) => (stderr += d));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  const chainNow = async () => (await c.publicClient.getBlock()).timestamp;
  const lastDecision = async () => {
    const audit = await warden.store.readAudit(1, 10_000);
    return JSON.parse(audit.filter((r) => r.kind === "decision").at(-1)?.payload_json ?? "{}") as Record<string, unknown>;
  };

  test("Warden checked the wallet's derivation, presents the session signer, and signs nothing before the owner authorises it", async () => {
    expect(warden.walletAddress).toBe(c.walletAddress);
    expect(warden.signerAddress).toBe(getAddress(session.address));
    expect(await outcome(build(2, false))).toBe("WALLET_SESSION_SIGNER_UNAUTHORIZED");
    expect(await lastDecision()).toMatchObject({ decision: "DENY", reason_code: "WALLET_SESSION_SIGNER_UNAUTHORIZED", method: "CTFExchangeV2.matchOrders" });
    expect(await outcome(createL1Headers(walletClient(), 137))).toBe("WALLET_SESSION_SIGNER_UNAUTHORIZED");
  });

  test("warden deposit-wallet authorize prints the owner's Batch and its relayer request; --submit posts the owner's signature to the relayer, which runs it", async () => {
    const validUntil = (await chainNow()) + 86_400n;
    const printed = await cli(["deposit-wallet", "authorize", "--valid-until", String(validUntil)]);
    expect(printed.status, printed.stderr).toBe(0);
    const out = JSON.parse(printed.stdout) as {
      owner_signs: { typed_data: { domain: Record<string, unknown>; primaryType: string; types: Record<string, unknown>; message: { wallet: string; nonce: string; deadline: string; calls: { target: string; value: string; data: Hex }[] } }; digest: Hex };
      submit: { method: string; url: string; body: Record<string, unknown> };
      next: string;
    };
    const td = out.owner_signs.typed_data;
    expect(td.domain).toEqual({ name: "DepositWallet", version: "1", chainId: 137, verifyingContract: c.walletAddress });
    expect(td.primaryType).toBe("Batch");
    expect(td.message.calls).toEqual([{ target: c.walletAddress, value: "0", data: encodeFunctionData({ abi: depositWalletAbi, functionName: "authorizeSessionSigner", args: [getAddress(session.address), validUntil] }) }]);
    expect(BigInt(td.message.deadline) - BigInt(Math.floor(Date.now() / 1000))).toBeLessThanOrEqual(300n);
    expect(out.submit).toMatchObject({ method: "POST", url: `${relayer.url}/submit`, body: { type: "WALLET", from: c.owner.address, to: "0x00000000000Fb5C9ADea0298D729A0CB3823Cc07", nonce: "0" } });

    // The owner signs exactly what was printed.
    const typedData = { ...td, message: { ...td.message, nonce: BigInt(td.message.nonce), deadline: BigInt(td.message.deadline), calls: td.message.calls.map((x) => ({ ...x, value: BigInt(x.value) })) } };
    expect(hashTypedData(typedData as never)).toBe(out.owner_signs.digest);
    const signature = await c.owner.signTypedData(typedData as never);
    const args = out.next.split(" ").slice(1).map((a) => (a === "<signature>" ? signature : a));

    // A signature that is not the owner's never reaches the relayer (the command itself, in process).
    const stranger = privateKeyToAccount(generatePrivateKey());
    const options = { "valid-until": String(validUntil), deadline: td.message.deadline, nonce: td.message.nonce, submit: true, "owner-signature": await stranger.signTypedData(typedData as never) };
    const run = depositWalletCommand({ config: parseConfig(JSON.parse(readFileSync(configPath, "utf8"))), subcommand: "authorize", options, sessionKey: () => session, print: () => {}, nowMs: Date.now });
    await expect(run).rejects.toThrow(`It is signed by ${stranger.address}, not wallet.owner ${c.owner.address}`);
    expect(relayer.received).toHaveLength(0);

    const submitted = await cli(args);
    expect(submitted.status, submitted.stderr).toBe(0);
    expect(JSON.parse(submitted.stdout)).toMatchObject({ submitted: `${relayer.url}/submit`, state: "STATE_MINED" });
    expect(relayer.received).toHaveLength(1);
    expect(relayer.received[0]?.body).toEqual({ ...out.submit.body, signature });
    expect(relayer.received[0]?.headers).toMatchObject({ relayer_api_key: "relayer-key-for-tests", relayer_api_key_address: c.owner.address });
    expect(await c.wallet.read.sessionSignerAuthorizedUntil([getAddress(session.address)])).toBe(validUntil);

    // status and revoke, through the command itself (in process).
    const printed2: string[] = [];
    const run2 = (subcommand: string) =>
      depositWalletCommand({ config: parseConfig(JSON.parse(readFileSync(configPath, "utf8"))), subcommand, options: {}, sessionKey: () => session, print: (t) => printed2.push(t), nowMs: Date.now });
    expect(await run2("status")).toBe(0);
    expect(JSON.parse(printed2[0] ?? "{}")).toMatchObject({ deposit_wallet: c.walletAddress, derived_from_owner: { matches: true }, session_signer: getAddress(session.address), session_signer_authorized_until: String(validUntil), authorized_now: true });
    expect(await run2("revoke")).toBe(0);
    expect(JSON.parse(printed2[1] ?? "{}").owner_signs.typed_data.message.calls[0].data).toBe(encodeFunctionData({ abi: depositWalletAbi, functionName: "revokeSessionSigner", args: [getAddress(session.address)] }));
  }, 60_000);

  test("Warden follows the authorisation; stock clob-client-v2 POLY_1271 orders through its session account are accepted by the exchange on all three exchanges", async () => {
    await eventually(() => outcome(build(2, false)), "signed");
    for (const [version, negRisk, index] of [[2, false, 0], [2, true, 1], [3, false, 2]] as const) {
      const signed = await build(version, negRisk);
      expect(signed).toMatchObject({ maker: c.walletAddress, signer: c.walletAddress, signatureType: 3 });
      const exchange = c.exchanges[index]!.contract;
      // As clob-client-v2 posts it, the wallet refuses it: the client's trailer follows the session-signer envelope.
      expect(await exchange.read.isValidOrderSignature([struct(signed), signed.signature as Hex])).toBe(false);
      const signature = toDepositWalletOrderSignature(signed.signature as Hex);
      expect(await exchange.read.isValidOrderSignature([struct(signed), signature])).toBe(true);
      const receipt = await c.publicClient.waitForTransactionReceipt({ hash: await exchange.write.fillOrder([struct(signed), signature]) });
      expect(receipt.status).toBe("success");
    }
  });

  test("ClobAuth: the session signer signs it for its own address, and the L1 headers equal @polymarket/client's byte for byte", async () => {
    const requests: Record<string, unknown>[] = [];
    const clob = createServer((req, res) => {
      requests.push({ method: req.method, url: req.url, headers: req.headers });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ apiKey: "00000000-0000-4000-8000-000000000000", secret: "c2VjcmV0", passphrase: "p" }));
    });
    await new Promise<void>((r) => clob.listen(0, "127.0.0.1", r));
    const at = Date.now();
    const spy = vi.spyOn(Date, "now").mockReturnValue(at);
    try {
      const ours = await createL1Headers(walletClient(), 137);
      await createSecureClient({
        signer: signerFrom(walletClient()),
        wallet: getAddress(session.address),
        environment: forkEnvironmentConfig({ name: "local", clob: { rest: `http://127.0.0.1:${(clob.address() as AddressInfo).port}` } }, production),
      });
      const theirs = (requests.find((r) => r.url === "/auth/api-key")?.headers ?? {}) as Record<string, string>;
      expect({ POLY_ADDRESS: theirs.poly_address, POLY_SIGNATURE: theirs.poly_signature, POLY_TIMESTAMP: theirs.poly_timestamp, POLY_NONCE: theirs.poly_nonce }).toEqual(ours);
      expect(ours.POLY_ADDRESS).toBe(getAddress(session.address));
      const valid = await verifyTypedData({
        address: getAddress(session.address),
        domain: { name: "ClobAuthDomain", version: "1", chainId: 137 },
        types: CLOB_AUTH_TYPES,
        primaryType: "ClobAuth",
        message: { address: getAddress(session.address), timestamp: ours.POLY_TIMESTAMP, nonce: 0n, message: "This message attests that I control the given wallet" },
        signature: ours.POLY_SIGNATURE as Hex,
      });
      expect(valid).toBe(true);
    } finally {
      spy.mockRestore();
      clob.closeAllConnections();
      await new Promise<void>((r) => clob.close(() => r()));
    }
  });

  test("what the pipeline denies is never signed", async () => {
    // 3,000 shares at 0.40 = 1,200 pUSD: above the session's per-call cap (1,000).
    const code = await outcome(build(2, false, 3000));
    expect(code).not.toBe("signed");
    const denial = await lastDecision();
    expect(denial).toMatchObject({ decision: "DENY", reason_code: code });
    expect(denial.signature).toBeUndefined();
  });

  test("regression: the session signer signs only the exact order envelope; a Batch, a Permit, messages, transactions and look-alikes are refused and audited", async () => {
    const batch = depositWalletSessionSignerBatch({ chainId: 137, depositWallet: c.walletAddress, owner: c.owner.address, sessionSigner: session.address, change: { kind: "authorize", validUntilSec: 2n ** 40n }, nonce: 1n, deadlineSec: (await chainNow()) + 300n }).typedData;
    const permitTypes = { Permit: [{ name: "owner", type: "address" }, { name: "spender", type: "address" }, { name: "value", type: "uint256" }, { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" }] } as const;
    const permit = { owner: c.walletAddress, spender: c.stranger.account.address, value: 10n ** 12n, nonce: 0n, deadline: 2n ** 40n };
    const pusdDomain = { name: "Polymarket USD", version: "1", chainId: 137, verifyingContract: "0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB" } as const;
    const tds = [{ name: "contents", type: "Permit" }, { name: "name", type: "string" }, { name: "version", type: "string" }, { name: "chainId", type: "uint256" }, { name: "verifyingContract", type: "address" }, { name: "salt", type: "bytes32" }];
    const plainOrder = orderTypedData(c.walletAddress);
    type Account = ReturnType<typeof toSessionAccount>;
    const attempts: Array<[string, (account: Account) => Promise<unknown>, string]> = [
      ["the wallet's own Batch (authorizeSessionSigner for anyone)", (account) => account.signTypedData(batch), "WALLET_PERMISSION_DENIED"],
      ["a pUSD Permit", (account) => account.signTypedData({ domain: pusdDomain, types: permitTypes, primaryType: "Permit", message: permit }), "WALLET_PERMISSION_DENIED"],
      ["an ERC-7739-wrapped Permit", (account) => account.signTypedData({ domain: pusdDomain, types: { TypedDataSign: tds, ...permitTypes }, primaryType: "TypedDataSign", message: { contents: permit, name: "DepositWallet", version: "1", chainId: 137n, verifyingContract: c.walletAddress, salt: zeroHash } } as never), "SEC_SIGNING_INVALID"],
      ["an ERC-7739 PersonalSign", (account) => account.signTypedData({ domain: { name: "DepositWallet", version: "1", chainId: 137, verifyingContract: c.walletAddress }, types: { PersonalSign: [{ name: "prefixed", type: "bytes" }] }, primaryType: "PersonalSign", message: { prefixed: "0x1234" } }), "WALLET_PERMISSION_DENIED"],
      ["a plain message", (account) => account.signMessage({ message: "hello" }), "WALLET_PERMISSION_DENIED"],
      ["a raw message", (account) => account.signMessage({ message: { raw: zeroHash } }), "WALLET_PERMISSION_DENIED"],
      ["a transaction", (account) => account.signTransaction({ to: c.stranger.account.address, value: 1n, chainId: 137, type: "eip1559", maxFeePerGas: 1n, maxPriorityFeePerGas: 1n, gas: 21_000n, nonce: 0 }), "WALLET_PERMISSION_DENIED"],
      ["the plain Order document (not its envelope)", (account) => account.signTypedData({ ...plainOrder, message: { ...plainOrder.message, signatureType: 3 } } as never), "SEC_SIGNING_INVALID"],
    ];
    const before = (await warden.store.readAudit(1, 100_000)).length;
    // One session per attempt: SEC_SIGNING_INVALID pauses its strategy (seed 003), which would hide the next attempt.
    for (const [i, [label, attempt, code]] of attempts.entries()) {
      const probe = (await grant(warden, c.owner, { strategy_id: `probe-${i}` })).credential;
      expect(await outcome(attempt(toSessionAccount({ warden, credential: probe, strategyId: `probe-${i}` }))), label).toBe(code);
    }
    const denials = (await warden.store.readAudit(1, 100_000))
      .slice(before)
      .filter((r) => r.kind === "decision")
      .map((r) => JSON.parse(r.payload_json) as Record<string, unknown>);
    expect(denials.map((d) => d.reason_code)).toEqual(attempts.map(([, , code]) => code));
    for (const [i, d] of denials.entries()) expect(d).toMatchObject({ decision: "DENY", strategy_id: `probe-${i}` });
    expect(denials.some((d) => "signature" in d)).toBe(false);
  });

  test("revocation is followed: after the owner's revokeSessionSigner batch, Warden signs nothing and the wallet refuses what Warden signed before", async () => {
    const before = await build(2, false);
    const signature = toDepositWalletOrderSignature(before.signature as Hex);
    const exchange = c.exchanges[0]!.contract;
    expect(await exchange.read.isValidOrderSignature([struct(before), signature])).toBe(true);
    const batch = depositWalletSessionSignerBatch({ chainId: 137, depositWallet: c.walletAddress, owner: c.owner.address, sessionSigner: session.address, change: { kind: "revoke" }, nonce: await c.wallet.read.nonce(), deadlineSec: (await chainNow()) + 300n });
    await submitDepositWalletBatch({ relayerUrl: relayer.url, request: batch.relayerRequest(await c.owner.signTypedData(batch.typedData)) });
    expect(await c.wallet.read.sessionSignerAuthorizedUntil([getAddress(session.address)])).toBe(0n);
    await eventually(() => outcome(build(2, false)), "WALLET_SESSION_SIGNER_UNAUTHORIZED");
    expect(await exchange.read.isValidOrderSignature([struct(before), signature])).toBe(false);
  });

  test("an unreachable RPC fails closed with WALLET_SESSION_SIGNER_DATA_UNAVAILABLE once the last answer is stale, and signing resumes by itself", async () => {
    await c.ownerBatch(session.address, { kind: "authorize", validUntilSec: (await chainNow()) + 86_400n });
    await eventually(() => outcome(build(2, false)), "signed");
    await rpc.stop();
    await eventually(() => outcome(build(2, false)), "WALLET_SESSION_SIGNER_DATA_UNAVAILABLE");
    expect((await lastDecision()).votes).toBeDefined();
    await rpc.start();
    await eventually(() => outcome(build(2, false)), "signed");
  }, 30_000);

  test("past validUntil the wallet refuses the session signer, and Warden denies", async () => {
    // An authorisation that ends 3 s from now, on Warden's clock and the chain's alike.
    const validUntil = BigInt(Math.floor(Date.now() / 1000) + 3);
    await c.ownerBatch(session.address, { kind: "authorize", validUntilSec: validUntil });
    const signed = await build(2, false);
    await eventually(() => outcome(build(2, false)), "WALLET_SESSION_SIGNER_UNAUTHORIZED");
    expect(BigInt(Math.floor(Date.now() / 1000))).toBeGreaterThanOrEqual(validUntil);
    const latest = await chainNow();
    if (latest < validUntil) await c.increaseTime(Number(validUntil - latest));
    else await c.increaseTime(1);
    expect(await c.exchanges[0]!.contract.read.isValidOrderSignature([struct(signed), toDepositWalletOrderSignature(signed.signature as Hex)])).toBe(false);
  });
});
