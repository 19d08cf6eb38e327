// Warden's layering, checked by dependency-cruiser (`npm run lint:deps`, part of `npm test`).
//
// src/ is layered. Each folder below may import only its own files and the folders listed for it;
// anything else under src/ (another folder, src/index.ts, a file or folder not in this list) is
// forbidden. npm packages and Node built-ins are not restricted here.
//
//   core     vocabulary (intents, RiskVote, reason codes, session records, JSON, core/polymarket/)
//   errors   WardenError and its families
//   log      logger, metrics registry
//   market   market-data sources, wire schemas, snapshot store, clusters
//   guards   pure guards + pipeline
//   signer   decode/hash requests, wallets/
//   store    the Store port + its implementations (embedded/, redis/)
//   chain    module client, generated/ ABI
//   config   the one config schema, composed from the sub-schemas
//   warden   use cases: the only place the ports meet
//   jobs     background work
//   server   HTTP edge
//   cli      the command: may import anything (no rule)
//   src/index.ts, the package entry: may import anything (no rule)
//
// The lists also carry the rules "nothing imports warden/ except jobs, server, cli, index.ts",
// "nothing outside cli/ and index.ts imports cli/", "nothing imports server/ except cli/ and
// index.ts" and "nothing imports jobs/ except server/, cli/ and index.ts": no list below names
// those folders except where allowed, so each such import breaks the importing folder's rule.
//
// Type-only imports count (tsPreCompilationDeps). Module paths are relative to the folder that is
// cruised from (the repo root; test/architecture/dependencyRules.test.ts cruises its fixture
// trees with their own root as baseDir), which is why every pattern is anchored at ^src/.

const path = require("node:path");

/** Allowed imports per layer, besides the layer's own files. */
const layers = [
  {
    layer: "core",
    allowed: [],
    why: "core is the shared vocabulary every other layer speaks; it must import nothing of the project so that it can never drag a dependency into them (npm packages such as viem and zod are fine)",
  },
  {
    layer: "errors",
    allowed: ["core"],
    why: "the error families are thrown from every layer, so they may only build on the vocabulary",
  },
  {
    layer: "log",
    allowed: ["core", "errors"],
    why: "logging and metrics are used everywhere; they must not depend on the layers that use them",
  },
  {
    layer: "market",
    allowed: ["core", "errors", "log"],
    why: "market data is an input to the guards, not a consumer of them, and knows nothing of signing, storage or the use cases",
  },
  {
    layer: "guards",
    allowed: ["core", "errors", "log", "market"],
    why: "guards are pure decisions over intents and market data; they must not reach signing, the store, the chain or the use cases",
  },
  {
    layer: "signer",
    allowed: ["core", "errors", "log"],
    why: "decoding, hashing and wallets must not depend on guards, market data or storage: the use cases combine them",
  },
  {
    layer: "store",
    allowed: ["core", "errors", "log"],
    why: "the Store port and its implementations persist core records only; they must not know guards, signing or the use cases",
  },
  {
    layer: "chain",
    allowed: ["core", "errors", "log", "signer"],
    why: "the module client builds on signing (order hashes, signatures) and nothing above it",
  },
  {
    layer: "config",
    allowed: ["core", "errors", "log", "market", "guards", "signer", "store", "chain"],
    why: "the one config schema is composed from the sub-schemas of the layers it configures; it must not depend on the use cases, jobs, server or cli that read it",
  },
  {
    layer: "warden",
    allowed: ["core", "errors", "log", "market", "guards", "signer", "store", "chain", "config"],
    why: "the use cases are the only place the ports meet; they must not depend on the edges (jobs, server, cli) that drive them",
  },
  {
    layer: "jobs",
    allowed: ["core", "errors", "log", "market", "guards", "signer", "store", "chain", "config", "warden"],
    why: "background work drives the use cases; it must not depend on the server or the cli",
  },
  {
    layer: "server",
    allowed: ["core", "errors", "log", "market", "guards", "signer", "store", "chain", "config", "warden", "jobs"],
    why: "the HTTP edge may use everything below it, but not the cli or the package entry",
  },
];

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const layerRules = layers.map(({ layer, allowed, why }) => ({
  name: `layer-${layer}`,
  severity: "error",
  comment:
    `src/${layer}/ may import only ` +
    (allowed.length === 0 ? "its own files" : `its own files and src/{${allowed.join(",")}}/`) +
    ` (npm packages are fine). Why: ${why}.`,
  from: { path: `^src/${layer}/` },
  to: {
    path: "^src/",
    pathNot: `^src/(${[layer, ...allowed].join("|")})/`,
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "no-circular",
      severity: "error",
      comment:
        "No circular dependencies anywhere in src/ (type-only imports included). Why: a cycle makes " +
        "the modules in it one unit that can only be loaded, tested and understood together, and " +
        "with ES modules it can leave a binding undefined at load time.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment:
        "Every import in src/ must resolve to a file or a package. Why: an import that dependency-" +
        "cruiser cannot resolve is invisible to the layer rules above (its path does not start " +
        "with src/), so it would let a forbidden import through without a word.",
      from: { path: "^src/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Only the project's own modules are checked; npm packages are recorded but not entered.
    doNotFollow: { path: "(^|/)node_modules/" },
    // The architecture test's fixture trees are never part of a real run.
    exclude: { path: "^test/architecture/fixtures/" },
    moduleSystems: ["es6", "cjs", "tsd"],
    // Keep type-only imports (`import type`, `import { type X }`): they are dependencies too.
    tsPreCompilationDeps: true,
    // The repo's tsconfig.json, found from this file, so the rules also work when cruising from
    // another folder (the architecture test cruises its fixture trees from their own roots).
    tsConfig: { fileName: path.join(__dirname, "tsconfig.json") },
    enhancedResolveOptions: {
      // The project imports both "./createWarden" (no extension) and "./errors.js" (which
      // dependency-cruiser maps to errors.ts, as TypeScript does).
      extensions: [".ts", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
      // Resolve package subpaths such as "viem/accounts" through their exports maps.
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};
