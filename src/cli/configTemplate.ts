/** The tracked market of the offline fixture data (fixtures/markets.json): "Fed cut in December", YES. */
export const FIXTURE_TOKEN_ID = "104656997773343516662479546460498331313910828479746660942916932994008403069514";

/** Options of {@link configTemplate}. */
export type ConfigTemplateParameters = {
  /** The first-run development setup: fixture market tracked, a development capital base. */
  development: boolean;
  keystorePath: string;
  /** The DrawdownGuard's capital base, pUSD; null leaves it unset (every order denied until set). */
  baseCapitalUsd: number | null;
};

/**
 * A commented `warden.config.json` (`//` comments, which Warden's loader accepts). Every value
 * written is one the schema validates; everything else keeps its documented default.
 */
export function configTemplate({ development, keystorePath, baseCapitalUsd }: ConfigTemplateParameters): string {
  const capital =
    baseCapitalUsd === null
      ? `    // The DrawdownGuard's capital base in pUSD. Unset: EVERY ORDER IS DENIED until you set it.\n    "base_capital_usd": null`
      : development
        ? `    // DEVELOPMENT VALUE written at first start for the development wallet: not your capital.\n    // Set your real capital base before trading a funded wallet.\n    "base_capital_usd": ${baseCapitalUsd}`
        : `    // The DrawdownGuard's capital base in pUSD (equity = this + unrealised PnL).\n    "base_capital_usd": ${baseCapitalUsd}`;
  return `// Warden configuration${development ? " — DEVELOPMENT SETUP written by the first \`warden start\`" : ", written by \`warden init\`"}.
// Every field is optional and validated at start (README "Configuration"); unknown keys are errors.
{
  // 137 = Polygon, 80002 = Amoy.
  "chain_id": 137,
  "wallet": {
    // eoa: Warden holds the wallet key in this Web3 Secret Storage v3 keystore
    // (passphrase from WARDEN_KEYSTORE_PASSPHRASE${development ? ", or the .dev-passphrase file beside a development wallet" : ""}).
    "mode": "eoa",
    "keystore_path": ${JSON.stringify(keystorePath)}
  },
  // The HTTP API, on loopback. WARDEN_PORT overrides the port. Any other host also needs
  // "allow_non_loopback": true; HTTPS: "tls": { "cert_file": "cert.pem", "key_file": "key.pem" };
  // "max_in_flight": 500 (the newest request beyond gets 429).
  "server": { "host": "127.0.0.1", "port": 8787 },
  // The embedded store: one SQLite file (sessions, budgets, kill switches, audit chain).
  "store": { "kind": "embedded", "path": ".warden/warden.db" },
  "market_data": {
    // "fixture" reads the offline fixture file shipped with Warden; { "kind": "http" } reads Polymarket's APIs.
    "source": { "kind": "fixture" },
    // Markets loaded (with their books) at start.
    "track": { "token_ids": [${development ? JSON.stringify(FIXTURE_TOKEN_ID) : ""}] }
  },
  "equity": {
${capital}
  },
  "log": { "level": "info" }
}
`;
}
