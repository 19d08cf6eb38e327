/** A chain read run on demand and every interval, never twice at once. */
export type ChainPoller<T> = {
  /** Runs the read now, or joins the one in flight. */
  run(): Promise<T>;
  /** Polls every interval (the timer does not keep the process alive). Idempotent. */
  start(): void;
  /** Stops polling and waits for a read in flight. */
  stop(): Promise<void>;
};

/**
 * The polling loop the chain watchers share (the deposit wallet's session-signer authorisation,
 * the Safe's session activations): one read in flight at a time, the next one `intervalMs` after
 * the last has settled, stop waits for the read in flight.
 *
 * @param parameters - The read and the interval.
 * @returns The poller.
 * @example
 * const poller = createChainPoller({ read: readAll, intervalMs: 4_000 }); await poller.run(); poller.start();
 */
export function createChainPoller<T>({ read, intervalMs }: { read: () => Promise<T>; intervalMs: number }): ChainPoller<T> {
  let inflight: Promise<T> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  const run = (): Promise<T> => {
    inflight ??= read().finally(() => {
      inflight = null;
    });
    return inflight;
  };
  const schedule = () => {
    timer = setTimeout(() => {
      void run().then(() => {
        if (running) schedule();
      });
    }, intervalMs);
    timer.unref();
  };
  return {
    run,
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await inflight;
    },
  };
}
