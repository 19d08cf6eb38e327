import { connect, createServer, type Socket } from "node:net";

/** A loopback TCP proxy in front of a Redis, able to cut pub/sub connections silently. */
export type TcpProxy = {
  port: number;
  url: string;
  /**
   * From now on, connections that subscribed get nothing more from Redis (and new subscriptions
   * neither): the socket stays open, as in a partition that drops one connection's traffic.
   */
  cutSubscribers(): void;
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
  const server = createServer((client) => {
    const upstream = connect({ host: "127.0.0.1", port: targetPort });
    sockets.add(client).add(upstream);
    let subscriber = false;
    client.on("data", (d) => {
      if (/subscribe/i.test(d.toString("latin1"))) subscriber = true;
      upstream.write(d);
    });
    upstream.on("data", (d) => {
      if (cut && subscriber) return;
      client.write(d);
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
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
