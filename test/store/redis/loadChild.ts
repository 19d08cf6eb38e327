// A Warden-like process for the Redis fault tests: one store instance (its own connections) and a
// steady load of signing requests, one JSON line per settled request on stdout. Commands on stdin:
// `pause` (stop issuing; answers `paused` once every request in flight settled), `resume`,
// `probe <intent,…>` (which intents are void now: snapshot refused as never signable), `retry
// <intent,…>` (decide them again), `stop`.
// Argument: JSON { url, wallet, sessionId, name, commandTimeoutMs, workers }.
import { createInterface } from "node:readline";
import type { Address, Hex } from "viem";
import { createRedisStore } from "../../../src/store/redis/createRedisStore";
import { decide } from "./redisTestKit";

const p = JSON.parse(process.argv[2] as string) as { url: string; wallet: Address; sessionId: Hex; name: string; commandTimeoutMs: number; workers: number };
const out = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
// State changes of the store go to stderr (the parent shows them if the child fails).
const say = (level: string) => (o: object, msg: string) => process.stderr.write(`${Date.now()} ${p.name} ${level} ${msg} ${JSON.stringify(o)}\n`);
const logger = { info: say("info"), warn: say("warn"), error: say("error") } as never;
const store = await createRedisStore({ url: p.url, chainId: 137, wallet: p.wallet, commandTimeoutMs: p.commandTimeoutMs, probeIntervalMs: 50, instanceName: p.name, logger });
await store.getSession(p.sessionId);

let paused = false;
let stopping = false;
let inFlight = 0;
let n = 0;
let settle: (() => void) | null = null;
const worker = async () => {
  while (!stopping) {
    if (paused) {
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    const i = n++;
    const intent = `${p.name}_${i}`;
    const signature = `0x${Buffer.from(intent).toString("hex")}` as Hex;
    inFlight++;
    const startedAt = Date.now();
    const o = await decide(store, p.sessionId, intent, signature);
    const settledAt = Date.now();
    inFlight--;
    out({ type: "result", intent, outcome: o.outcome, signature: o.signature ?? null, startedAt, settledAt });
    if (inFlight === 0 && settle) settle();
    await new Promise((r) => setTimeout(r, 1));
  }
};
const workers = Array.from({ length: p.workers }, worker);

for await (const line of createInterface({ input: process.stdin })) {
  const [command, arg] = line.split(" ");
  if (command === "pause") {
    paused = true;
    if (inFlight > 0) await new Promise<void>((r) => (settle = r));
    settle = null;
    out({ type: "paused", at: Date.now() });
  } else if (command === "resume") paused = false;
  else if (command === "probe" || command === "retry") {
    const intents = arg ? arg.split(",") : [];
    const results: Record<string, string> = {};
    for (const intent of intents) {
      if (command === "retry") results[intent] = (await decide(store, p.sessionId, intent, `0x${Buffer.from(`${intent}-retry`).toString("hex")}` as Hex)).outcome;
      else
        results[intent] = await store.decisionSnapshot(p.sessionId, intent).then(
          () => "decidable",
          (e: unknown) => (e instanceof Error && /never signed/.test(e.message) ? "void" : "unavailable"),
        );
    }
    out({ type: command, results });
  } else if (command === "stop") {
    stopping = true;
    await Promise.all(workers);
    await store.close();
    out({ type: "stopped" });
    process.exit(0);
  }
}
