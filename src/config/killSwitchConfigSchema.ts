import { z } from "zod";
import { clobApiConfigFields, wholeNumberField } from "../market/clobApiConfigFields";

const address = (field: string) => z.string().regex(/^0x[0-9a-fA-F]{40}$/, { error: `${field} entries must be 0x-prefixed 20-byte addresses` });

/**
 * zod schema of the `kill_switch` section: how an armed switch reaches the order book and the
 * chain. Everything is opt-in; with none of it a switch still stops signing at once.
 *
 * - `clob`: the wallet's CLOB L2 API key for cancels and heartbeats (as `order_status` holds it;
 *   when absent, `order_status`'s credentials are used). No credentials: arming cancels nothing.
 * - `cancel`: each cancel request's timeout, attempts, backoff and overall deadline.
 * - `heartbeat`: a dead man's switch — Warden sends `POST /v1/heartbeats` every `interval_ms`
 *   while healthy, and stops under the global switch, a failing store, or when it dies.
 * - `pause_user`: the global switch also sends `pauseUser()` from the wallet to every exchange
 *   (eoa mode), or (safe-module mode) has the guardian key in `guardian_keystore` call the module's
 *   `pauseSafe(safe, true)`, which pauses the Safe's sessions and the Safe on every exchange.
 * - `max_resting_s`: Warden cancels its own orders older than this.
 *
 * @example
 * ```ts
 * killSwitchConfigSchema.parse({ heartbeat: { interval_ms: 5_000 }, max_resting_s: 600 });
 * ```
 */
export const killSwitchConfigSchema = z
  .object({
    clob: z
      .object({ ...clobApiConfigFields("kill_switch.clob") })
      .strict()
      .optional(),
    cancel: z
      .object({
        timeout_ms: wholeNumberField("kill_switch.cancel.timeout_ms", "milliseconds", 100, 60_000, 2_000).default(2_000),
        max_attempts: wholeNumberField("kill_switch.cancel.max_attempts", "attempts", 1, 10, 4).default(4),
        backoff_ms: wholeNumberField("kill_switch.cancel.backoff_ms", "milliseconds", 10, 10_000, 100).default(100),
        deadline_ms: wholeNumberField("kill_switch.cancel.deadline_ms", "milliseconds", 500, 120_000, 15_000).default(15_000),
      })
      .strict()
      .prefault({}),
    heartbeat: z
      .object({
        interval_ms: wholeNumberField("kill_switch.heartbeat.interval_ms", "milliseconds", 100, 60_000, 5_000).default(5_000),
        timeout_ms: wholeNumberField("kill_switch.heartbeat.timeout_ms", "milliseconds", 100, 60_000, 2_000).default(2_000),
      })
      .strict()
      .optional(),
    pause_user: z
      .object({
        rpc_url: z.url({ protocol: /^https?$/, error: "kill_switch.pause_user.rpc_url must be an http(s) JSON-RPC URL of the chain, e.g. https://polygon-rpc.com" }),
        chain_id: z
          .number({ error: "kill_switch.pause_user.chain_id must be the chain id the RPC serves, e.g. 137; omit it to use chain_id" })
          .int({ error: "kill_switch.pause_user.chain_id must be a whole number, e.g. 137" })
          .positive({ error: "kill_switch.pause_user.chain_id must be positive, e.g. 137" })
          .optional(),
        exchanges: z.array(address("kill_switch.pause_user.exchanges")).min(1, { error: "kill_switch.pause_user.exchanges must name at least one exchange; omit it for the known ones" }).optional(),
        guardian_keystore: z
          .string({ error: "kill_switch.pause_user.guardian_keystore must be the path of the guardian's keystore file (safe-module mode), e.g. .warden/guardian.json" })
          .min(1, { error: "kill_switch.pause_user.guardian_keystore must be the path of the guardian's keystore file (safe-module mode), e.g. .warden/guardian.json" })
          .optional(),
        timeout_ms: wholeNumberField("kill_switch.pause_user.timeout_ms", "milliseconds", 1_000, 600_000, 120_000).default(120_000),
      })
      .strict()
      .optional(),
    max_resting_s: wholeNumberField("kill_switch.max_resting_s", "seconds", 1, 86_400, 600).optional(),
  })
  .strict();

/** The validated `kill_switch` section. */
export type KillSwitchConfig = z.infer<typeof killSwitchConfigSchema>;
