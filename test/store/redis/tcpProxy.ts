import { connect, createServer, type Socket } from "node:net";

/** A loopback TCP proxy in front of a Redis, able to cut pub/sub connections silently and to delay replies. */
export type TcpProxy = {
  port: number;
  url: string;
  /**
   * From now on, connections that subscribed get nothing more from Redis (and new subscriptions
   * neither): the socket stays open, as in a partition that drops one connection's traffic.
   */
  cutSubscribers(): void;
  /**
   * From now on, every reply from Redis reaches the client `ms` later (0: no delay), in order:
   * Redis is slow to answer, not dead — what it was sent still runs at once.
   */
  delayReplies(ms: number): void;
  close(): Promise<void>;
};

/**
 * Starts a proxy to `127.0.0.1:targetPort` on a free loopback port.
 *
 * @example
 * const proxy = await startTcpProxy(redis.port); proxy.cutSubscribers()
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let cut = false;
  let delayMs = 0;
  const server = createServer((client) => {
    const upstream = connect({ host: "127.0.0.1", port: targetPort });
    sockets.add(client).add(upstream);
    let subscriber = false;
    // Replies held back, each until its release time (in arrival order).
    const held: Array<{ at: number; data: Buffer }> = [];
    let pump: NodeJS.Timeout | null = null;
    const release = () => {
      pump = null;
      while (held.length > 0 && (held[0] as { at: number }).at <= Date.now()) client.write((held.shift() as { data: Buffer }).data);
      if (held.length > 0) pump = setTimeout(release, Math.max(0, (held[0] as { at: number }).at - Date.now()));
    };
    client.on("data", (d) => {
      if (/subscribe/i.test(d.toString("latin1"))) subscriber = true;
      upstream.write(d);
    });
    upstream.on("data", (d: Buffer) => {
      if (cut && subscriber) return;
      if (delayMs === 0 && held.length === 0) return void client.write(d);
      held.push({ at: Date.now() + delayMs, data: d });
      if (!pump) pump = setTimeout(release, delayMs);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    cutSubscribers() {
      cut = true;
    },
    delayReplies(ms) {
      delayMs = ms;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
