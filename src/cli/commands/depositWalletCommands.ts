import type { Command } from "commander";
import { action } from "../cliContext";
import pino from "pino";
import { createLogger } from "../../log/createLogger";
import { WalletKey } from "../../signer/WalletKey";
import { loadKey } from "../cliKeystore";
import { depositWalletCommand } from "../depositWalletCommand";
import { openSigningKey } from "../openSigningKey";

/** `warden deposit-wallet status | authorize | revoke` (src/cli/depositWalletCommand.ts). Prints JSON. */
export function registerDepositWalletCommands(program: Command): void {
  const group = program
    .command("deposit-wallet")
    .description("deposit-wallet mode: the session signer's on-chain authorisation, and the owner's Batch to change it (JSON)");
  const sub = (name: string, description: string) =>
    group
      .command(name)
      .description(description)
      .option("--valid-until <unix s>", "authorize: until when the session signer is authorised")
      .option("--deadline <unix s>", "batch deadline (default now + 300; at most 300 s ahead)")
      .option("--nonce <n>", "batch nonce (default: the wallet's nonce() on-chain)")
      .option("--submit", "post the signed batch to wallet.relayer_url/submit (WARDEN_RELAYER_API_KEY, WARDEN_RELAYER_API_KEY_ADDRESS)")
      .option("--owner-signature <0x…>", "the owner's signature of the batch (with --submit)")
      .action(
        action(async (ctx, o: { validUntil?: string; deadline?: string; nonce?: string; submit?: boolean; ownerSignature?: string }) => {
          const config = ctx.config();
          // The session signer Warden signs with: on the Redis store, the one every instance shares
          // (its log goes to stderr: stdout is the JSON answer).
          const shared =
            config.store.kind === "redis" ? await openSigningKey(config, ctx.out.note, createLogger({ level: config.log.level, destination: pino.destination({ dest: 2, sync: true }) })) : null;
          await shared?.store?.close();
          const key = process.env.WARDEN_RELAYER_API_KEY;
          const address = process.env.WARDEN_RELAYER_API_KEY_ADDRESS;
          const code = await depositWalletCommand({
            config,
            subcommand: name,
            options: {
              ...(o.validUntil !== undefined ? { "valid-until": o.validUntil } : {}),
              ...(o.deadline !== undefined ? { deadline: o.deadline } : {}),
              ...(o.nonce !== undefined ? { nonce: o.nonce } : {}),
              ...(o.submit ? { submit: true } : {}),
              ...(o.ownerSignature !== undefined ? { "owner-signature": o.ownerSignature } : {}),
            },
            // Its stdout is the JSON answer: notes go to stderr.
            sessionKey: () => (shared?.key instanceof WalletKey ? shared.key : loadKey(config, ctx.out.note)),
            ...(key && address ? { relayerApiKey: { key, address } } : {}),
            print: (text) => process.stdout.write(`${text}\n`),
            nowMs: Date.now,
          });
          if (code !== 0) process.exitCode = code;
        }),
      );
  sub("status", "the wallet, its derivation from wallet.owner, the session signer and its on-chain authorisation");
  sub("authorize", "print the Batch the owner signs to authorise the session signer (--valid-until), and its relayer request");
  sub("revoke", "the same for revokeSessionSigner");
}
