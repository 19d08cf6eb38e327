import { RedisCommandTimeout } from "./RedisCommandTimeout";

/**
 * Bounds a Redis command: rejects with {@link RedisCommandTimeout} when no reply came within
 * `timeoutMs`. When the timer fires while the event loop was busy, a reply already in the socket is
 * still read first (one `setImmediate` of grace), so only a reply that really is late times out.
 *
 * @param command - The command's promise.
 * @param timeoutMs - The bound.
 * @param what - Named in the timeout's message.
 * @returns The reply.
 * @example
 * await withTimeout(client.get(key), 25)
 */
export function withTimeout<T>(command: Promise<T>, timeoutMs: number, what = "a command"): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (done) return;
        done = true;
        reject(new RedisCommandTimeout(`Redis did not answer ${what} within ${timeoutMs} ms`));
      });
    }, timeoutMs);
    command.then(
      (v) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
