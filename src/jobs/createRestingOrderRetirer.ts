import type { Logger } from "pino";
import type { Warden } from "../warden/Warden";

/** Parameters of {@link createRestingOrderRetirer}. */
export type CreateRestingOrderRetirerParameters = {
  warden: Pick<Warden, "retireRestingOrders">;
  /** Pause between the end of one round and the start of the next, ms. */
  pollIntervalMs: number;
  logger?: Logger;
};

/** The running (or stopped) retirer. */
export type RestingOrderRetirer = {
  start(): void;
  /** Stops the timer and resolves once the round in flight (if any) has finished. */
  stop(): Promise<void>;
};

/**
 * Runs `warden.retireRestingOrders()` every `pollIntervalMs`, off the signing path: Warden cancels
 * its own orders older than `kill_switch.max_resting_s` and releases each once the CLOB confirms
 * the cancel (the report is audited; an incomplete one alerts like a kill switch's).
 *
 * @param parameters - `{ warden, pollIntervalMs, logger? }`.
 * @returns The retirer (not started).
 * @example
 * ```ts
 * const retirer = createRestingOrderRetirer({ warden, pollIntervalMs: 30_000 });
 * retirer.start();
 * ```
 */
export function createRestingOrderRetirer({ warden, pollIntervalMs, logger }: CreateRestingOrderRetirerParameters): RestingOrderRetirer {
  const log = logger?.child({ component: "resting-order-retirer" });
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<unknown> | null = null;
  const round = () => {
    if (!running) return;
    current = warden
      .retireRestingOrders()
      .catch((e: unknown) => log?.warn({ error: e instanceof Error ? e.name : "unknown" }, "resting orders could not be listed"))
      .finally(() => {
        current = null;
        if (!running) return;
        timer = setTimeout(round, pollIntervalMs);
        timer.unref();
      });
  };
  return {
    start() {
      if (running) return;
      running = true;
      round();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      while (current) await current;
    },
  };
}
