import { copyFileSync, chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { ConfigError } from "../../errors/ConfigError";
import { decryptKeystore } from "../../signer/decryptKeystore";
import { action } from "../cliContext";
import { readWalletFile, writeNewKeystore } from "../cliKeystore";
import { configTemplate } from "../configTemplate";
import { loadCliConfig } from "../loadCliConfig";

/** `warden init`: a commented config, and a new or imported keystore (never a development default). */
export function registerInitCommand(program: Command): void {
  program
    .command("init")
    .description("write a commented warden.config.json and create (or --import) the wallet keystore; needs WARDEN_KEYSTORE_PASSPHRASE")
    .option("--import <keystore>", "import this Web3 Secret Storage v3 keystore (geth / MetaMask export) instead of creating a key")
    .option("--keystore <path>", "where the keystore goes", ".warden/wallet.json")
    .option("--base-capital <usd>", "the DrawdownGuard's capital base in pUSD (unset: every order is denied until you set it)")
    .action(
      action((ctx, o: { import?: string; keystore: string; baseCapital?: string }) => {
        const file = ctx.options.config ?? "warden.config.json";
        if (existsSync(file)) throw new ConfigError({ problems: `✖ ${file} exists; edit it, or pass --config <new file>` });
        if (existsSync(o.keystore)) throw new ConfigError({ subject: "wallet", problems: `✖ ${o.keystore} exists; pass --keystore <new path>` });
        const passphrase = process.env.WARDEN_KEYSTORE_PASSPHRASE;
        if (!passphrase) throw new ConfigError({ subject: "wallet", problems: "✖ set WARDEN_KEYSTORE_PASSPHRASE (the keystore's passphrase)" });
        const capital = o.baseCapital === undefined ? null : Number(o.baseCapital);
        if (capital !== null && !(Number.isFinite(capital) && capital > 0 && capital <= 1e12))
          throw new ConfigError({ problems: "✖ --base-capital must be a pUSD amount > 0, e.g. 25000 (it sets equity.base_capital_usd)" });
        let address: string;
        if (o.import) {
          // Opens it first: a keystore that does not open with the passphrase is not imported.
          address = decryptKeystore({ keystore: readWalletFile(o.import, { named: `--import ${o.import}`, fix: "name a Web3 Secret Storage v3 keystore file" }), passphrase }).address;
          mkdirSync(dirname(o.keystore), { recursive: true });
          copyFileSync(o.import, o.keystore);
          chmodSync(o.keystore, 0o600);
        } else address = writeNewKeystore(o.keystore, passphrase).address;
        writeFileSync(file, configTemplate({ development: false, keystorePath: o.keystore, baseCapitalUsd: capital }), { mode: 0o600 });
        loadCliConfig(file); // what was written validates
        ctx.out.result(
          { config: file, keystore: o.keystore, address, imported: o.import !== undefined, base_capital_usd: capital },
          `wrote ${file}\n${o.import ? "imported" : "created"} keystore ${o.keystore} for ${address}${capital === null ? "\nset equity.base_capital_usd before trading: until then the DrawdownGuard denies every order" : ""}`,
        );
      }),
    );
}
