import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";

/** A redis-server this test started: loopback only, its own port and data directory. */
export type RedisServer = {
  port: number;
  url: string;
  dir: string;
  /** A plain client for the test's own inspection and sabotage (FLUSHALL, DEL, CONFIG SET…). */
  admin: Redis;
  readonly pid: number;
  /** Sends a signal to the server process (SIGKILL, SIGSTOP, SIGCONT). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves once the kernel shows the process stopped (state `T` in /proc/<pid>/stat) after a SIGSTOP. */
  stopped(): Promise<void>;
  /** Waits for the process to exit (after SIGKILL or SIGTERM). */
  exited(): Promise<void>;
  /** Times a restart found the AOF truncated (killed mid-write) and ran `redis-check-aof --fix` first. */
  readonly aofFixes: number;
  /**
   * Starts it again on the same port and directory (its AOF, if any, is loaded). A file cut short
   * by a kill is refused (`aof-load-truncated no`): then `redis-check-aof --fix` runs first.
   */
  restart(options?: { appendonly?: boolean }): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
};

export type RedisServerOptions = {
  /** Default `always`: every acknowledged write is on disk. */
  appendfsync?: "always" | "everysec" | "no";
  appendonly?: boolean;
  /** `requirepass`: clients (the admin one too) must authenticate. */
  password?: string;
  extraArgs?: string[];
};

/** redis-server exited instead of answering (e.g. it refused its AOF); `log` is what that start logged. */
export class RedisRefusedToStart extends Error {
  constructor(readonly log: string) {
    super(`redis-server exited at start: ${log.split("\n").filter((l) => l.includes(" # ")).slice(-2).join(" | ")}`);
    this.name = "RedisRefusedToStart";
  }
}

/** A port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Resolves once the server answers PING with PONG (not LOADING). */
export async function waitForPong(port: number, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = connect({ host: "127.0.0.1", port });
      let buf = "";
      sock.setTimeout(500, () => {
        sock.destroy();
        resolve(false);
      });
      sock.on("error", () => resolve(false));
      sock.on("connect", () => sock.write("PING\r\n"));
      sock.on("data", (d) => {
        buf += d;
        if (buf.includes("\r\n")) {
          sock.destroy();
          // Up: PONG, or a refusal for want of the password (a server started with requirepass).
          resolve(buf.startsWith("+PONG") || buf.startsWith("-NOAUTH"));
        }
      });
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`redis-server on ${port} did not come up`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts a redis-server for a test (the production settings by default: AOF, `appendfsync
 * always`, `maxmemory-policy noeviction`, `aof-load-truncated no`), loopback only, in a fresh temp directory.
 *
 * @example
 * const redis = await startRedisServer(); … await redis.stop()
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  // On tmpfs where there is one: fsync costs nothing there, so a loaded machine's disk cannot turn
  // into command timeouts. What the tests prove does not need the disk: an acknowledged write has
  // reached the kernel before Redis replies (appendfsync always), which a killed redis-server keeps.
  const dir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "warden-redis-"));
  let proc: ChildProcess;
  let aofFixes = 0;
  let exit: Promise<void>;
  const launch = async (appendonly = options.appendonly ?? true) => {
    proc = spawn(
      "redis-server",
      [
        "--port", String(port), "--bind", "127.0.0.1", "--protected-mode", "yes", "--dir", dir, "--save", "",
        "--appendonly", appendonly ? "yes" : "no", "--appendfsync", options.appendfsync ?? "always",
        "--maxmemory-policy", "noeviction", "--aof-load-truncated", "no", "--logfile", join(dir, "redis.log"), "--daemonize", "no",
        ...(options.password ? ["--requirepass", options.password] : []),
        ...(options.extraArgs ?? []),
      ],
      { stdio: "ignore" },
    );
    exit = new Promise((resolve) => proc.once("exit", () => resolve()));
    // The log accumulates across restarts: what this start wrote begins here.
    const logFrom = existsSync(join(dir, "redis.log")) ? statSync(join(dir, "redis.log")).size : 0;
    // Up, or gone: a server that refuses its AOF exits at once (a truncated file, see restart).
    const gone = exit.then(() => "exited" as const);
    const started = await Promise.race([waitForPong(port).then(() => "up" as const, (e: unknown) => e as Error), gone]);
    if (started === "exited") throw new RedisRefusedToStart(readFileSync(join(dir, "redis.log")).subarray(logFrom).toString("utf8"));
    if (started instanceof Error) throw started;
  };
  await launch();
  const admin = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 50, ...(options.password ? { password: options.password } : {}) });
  admin.on("error", () => {});
  await admin.connect();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    admin,
    get pid() {
      return proc.pid as number;
    },
    signal: (s) => void proc.kill(s),
    async stopped() {
      for (let i = 0; i < 2_000; i++) {
        // Field 3 of /proc/<pid>/stat, after the parenthesised command name.
        const stat = readFileSync(`/proc/${proc.pid}/stat`, "utf8");
        if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("T")) return;
        await new Promise((r) => setTimeout(r, 1));
      }
      throw new Error(`redis-server ${proc.pid} did not stop after SIGSTOP`);
    },
    exited: () => exit,
    get aofFixes() {
      return aofFixes;
    },
    async restart(o = {}) {
      const appendonly = o.appendonly ?? options.appendonly ?? true;
      try {
        await launch(appendonly);
      } catch (e) {
        // Killed in the middle of writing a transaction, with aof-load-truncated no it refuses the
        // file: what the operator does (README, Redis store), redis-check-aof --fix, then again.
        if (!(e instanceof RedisRefusedToStart) || !/Unexpected end of file reading the append only file/.test(e.log)) throw e;
        await new Promise<void>((resolve, reject) => {
          const fix = spawn("redis-check-aof", ["--fix", join(dir, "appendonlydir", "appendonly.aof.manifest")], { stdio: ["pipe", "ignore", "ignore"] });
          fix.once("error", reject);
          fix.stdin.on("error", () => undefined);
          fix.stdin.end("y\n");
          fix.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`redis-check-aof --fix exited ${code}`))));
        });
        aofFixes++;
        await launch(appendonly);
      }
    },
    async stop() {
      admin.disconnect();
      proc.kill("SIGCONT");
      proc.kill("SIGKILL");
      await exit;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A three-master Redis Cluster started by the test (`--cluster-enabled yes`, `redis-cli --cluster create`). */
export type RedisCluster = { url: string; servers: RedisServer[]; stop(): Promise<void> };

/**
 * Starts three masters and joins them into a cluster (no replicas); resolves once the cluster
 * reports every slot served.
 */
export async function startRedisCluster(): Promise<RedisCluster> {
  const servers: RedisServer[] = [];
  for (let i = 0; i < 3; i++) servers.push(await startRedisServer({ extraArgs: ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000"] }));
  await promisify(execFile)("redis-cli", ["--cluster", "create", ...servers.map((s) => `127.0.0.1:${s.port}`), "--cluster-replicas", "0", "--cluster-yes"]);
  const until = Date.now() + 20_000;
  for (;;) {
    const infos = await Promise.all(servers.map((s) => s.admin.cluster("INFO") as Promise<string>));
    if (infos.every((i) => i.includes("cluster_state:ok"))) break;
    if (Date.now() > until) throw new Error("the cluster did not come up");
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: servers[0]?.url as string,
    servers,
    async stop() {
      for (const s of servers) await s.stop();
    },
  };
}
