// `warden deposit-wallet <status|authorize|revoke>`: what the owner of a deposit wallet must sign to
// authorise (or revoke) Warden's session signer, how it is submitted, and the submission itself.
import { type Address, type Hex, createPublicClient, getAddress, http, recoverTypedDataAddress } from "viem";
import { depositWalletAbi } from "../chain/depositWalletAbi";
import { depositWalletAddresses } from "../chain/depositWalletAddresses";
import { type SessionSignerChange, depositWalletSessionSignerBatch } from "../chain/depositWalletSessionSignerBatch";
import { submitDepositWalletBatch } from "../chain/submitDepositWalletBatch";
import type { WardenConfig } from "../config/wardenConfigSchema";
import { DEPOSIT_WALLET_MAX_BATCH_DEADLINE_S, depositWalletDeployment } from "../core/polymarket/depositWallet";
import { toJson } from "../core/toJson";
import { ConfigError } from "../errors/ConfigError";
import { InvalidParameterError } from "../errors/InvalidParameterError";
import type { WalletKey } from "../signer/WalletKey";

/** Options of the command (parsed by the `warden` entry point). */
export type DepositWalletCommandOptions = {
  "valid-until"?: string;
  deadline?: string;
  nonce?: string;
  submit?: boolean;
  "owner-signature"?: string;
};

/** What the command needs from the process. */
export type DepositWalletCommandParameters = {
  config: WardenConfig;
  subcommand: string | undefined;
  options: DepositWalletCommandOptions;
  /** Opens (or creates) the session-signer keystore. */
  sessionKey: () => WalletKey;
  /** The relayer API key, from the environment (never from the config file). */
  relayerApiKey?: { key: string; address: string };
  print: (text: string) => void;
  nowMs: () => number;
};

const usage = `usage: warden deposit-wallet <status|authorize|revoke> [options]

  status                         the wallet, its derivation from wallet.owner, the session signer and its on-chain authorisation
  authorize --valid-until <s>    print the Batch the owner signs to authorise the session signer until <unix s>, and its relayer request
  revoke                         the same for revokeSessionSigner
  options: --deadline <unix s>   batch deadline (default now + 300; at most 300 s ahead)
           --nonce <n>           batch nonce (default: the wallet's nonce() on-chain)
           --submit --owner-signature <0x…>   post the signed batch to wallet.relayer_url/submit
                                 (relayer API key: WARDEN_RELAYER_API_KEY, WARDEN_RELAYER_API_KEY_ADDRESS)`;

function unixSeconds(value: string | undefined, field: string): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,12}$/.test(value)) throw new InvalidParameterError({ field, fix: `Pass ${field} as unix seconds, e.g. ${Math.floor(Date.now() / 1000) + 86_400}.` });
  return BigInt(value);
}

/**
 * Runs `warden deposit-wallet …`. Prints JSON (bigints as decimal strings).
 *
 * @param parameters - Config, subcommand, options and the process's facilities.
 * @returns The exit code.
 * @example
 * process.exitCode = await depositWalletCommand({ config, subcommand: "authorize", options: { "valid-until": "1790000000" }, sessionKey, print, nowMs: Date.now });
 */
export async function depositWalletCommand(parameters: DepositWalletCommandParameters): Promise<number> {
  const { config, subcommand, options, print, nowMs } = parameters;
  const w = config.wallet;
  if (w.mode !== "deposit-wallet")
    throw new ConfigError({ subject: "wallet", problems: '✖ wallet.mode must be "deposit-wallet" for warden deposit-wallet (see README "Deposit-wallet mode")' });
  if (subcommand !== "status" && subcommand !== "authorize" && subcommand !== "revoke") {
    print(usage);
    return subcommand ? 2 : 0;
  }
  const sessionSigner = getAddress(parameters.sessionKey().address);
  const owner = getAddress(w.owner);
  const depositWallet = getAddress(w.deposit_wallet);
  const derived = depositWalletAddresses({ owner });
  const client = createPublicClient({ transport: http(w.rpc_url, { timeout: 10_000, retryCount: 1 }) });
  const nowS = BigInt(Math.floor(nowMs() / 1000));

  if (subcommand === "status") {
    const validUntil = await client.readContract({ address: depositWallet, abi: depositWalletAbi, functionName: "sessionSignerAuthorizedUntil", args: [sessionSigner] });
    print(
      toJson({
        owner,
        deposit_wallet: depositWallet,
        derived_from_owner: { beacon: getAddress(derived.beacon), uups: getAddress(derived.uups), matches: [derived.beacon, derived.uups].includes(depositWallet.toLowerCase() as Address) },
        session_signer: sessionSigner,
        session_signer_authorized_until: validUntil,
        authorized_now: validUntil > nowS,
      }),
    );
    return 0;
  }

  let change: SessionSignerChange;
  if (subcommand === "authorize") {
    const validUntilSec = unixSeconds(options["valid-until"], "--valid-until");
    if (validUntilSec === undefined || validUntilSec <= nowS)
      throw new InvalidParameterError({ field: "--valid-until", fix: "Pass the end of the authorisation as unix seconds in the future." });
    change = { kind: "authorize", validUntilSec };
  } else change = { kind: "revoke" };
  const deadlineSec = unixSeconds(options.deadline, "--deadline") ?? nowS + BigInt(DEPOSIT_WALLET_MAX_BATCH_DEADLINE_S);
  if (deadlineSec <= nowS || deadlineSec > nowS + BigInt(DEPOSIT_WALLET_MAX_BATCH_DEADLINE_S))
    throw new InvalidParameterError({ field: "--deadline", fix: `The batch deadline must lie in the next ${DEPOSIT_WALLET_MAX_BATCH_DEADLINE_S} s: run the command again without --deadline and sign the new batch.` });
  let nonce = options.nonce === undefined ? undefined : /^[0-9]{1,20}$/.test(options.nonce) ? BigInt(options.nonce) : null;
  if (nonce === null) throw new InvalidParameterError({ field: "--nonce", fix: "Pass the wallet's batch nonce as a decimal integer, or leave it out to read it on-chain." });
  if (nonce === undefined) {
    if (!(await client.getCode({ address: depositWallet })))
      throw new ConfigError({ subject: "wallet", problems: `✖ no contract at wallet.deposit_wallet ${depositWallet}: deploy the deposit wallet first (polymarket.com, or the relayer's WALLET-CREATE)` });
    nonce = await client.readContract({ address: depositWallet, abi: depositWalletAbi, functionName: "nonce" });
  }
  const batch = depositWalletSessionSignerBatch({ chainId: config.chain_id, depositWallet, owner, sessionSigner, change, nonce, deadlineSec, factory: depositWalletDeployment.factory });
  const submitUrl = `${w.relayer_url.replace(/\/$/, "")}/submit`;

  if (!options.submit) {
    const again = [
      `warden deposit-wallet ${subcommand}`,
      ...(change.kind === "authorize" ? [`--valid-until ${change.validUntilSec}`] : []),
      `--deadline ${deadlineSec} --nonce ${nonce} --submit --owner-signature <signature>`,
    ].join(" ");
    print(
      toJson({
        action: change.kind === "authorize" ? `authorizeSessionSigner(${sessionSigner}, ${change.validUntilSec})` : `revokeSessionSigner(${sessionSigner})`,
        owner,
        deposit_wallet: depositWallet,
        session_signer: sessionSigner,
        // What the owner signs (eth_signTypedData_v4), before the deadline.
        owner_signs: { typed_data: batch.typedData, digest: batch.digest },
        // How it is submitted, for owners who submit it themselves.
        submit: {
          method: "POST",
          url: submitUrl,
          headers: { "content-type": "application/json", RELAYER_API_KEY: "<relayer API key>", RELAYER_API_KEY_ADDRESS: "<its address>" },
          body: batch.relayerRequest("0x<owner signature>" as Hex),
        },
        next: again,
      }),
    );
    return 0;
  }

  const signature = options["owner-signature"];
  if (!signature || !/^0x[0-9a-fA-F]{130}$/.test(signature))
    throw new InvalidParameterError({ field: "--owner-signature", fix: "Pass the owner's 65-byte signature of the printed typed data (0x + 130 hex digits)." });
  let signer: Address;
  try {
    signer = await recoverTypedDataAddress({ ...batch.typedData, signature: signature as Hex });
  } catch {
    throw new InvalidParameterError({ field: "--owner-signature", fix: "The signature does not recover; sign the printed typed data with the owner's key." });
  }
  if (signer !== owner)
    throw new InvalidParameterError({ field: "--owner-signature", fix: `It is signed by ${signer}, not wallet.owner ${owner}: sign with the owner's key, with the same --deadline and --nonce.` });
  const answer = await submitDepositWalletBatch({ relayerUrl: w.relayer_url, request: batch.relayerRequest(signature as Hex), ...(parameters.relayerApiKey ? { apiKey: parameters.relayerApiKey } : {}) });
  print(toJson({ submitted: submitUrl, ...answer, next: "warden deposit-wallet status" }));
  return 0;
}
