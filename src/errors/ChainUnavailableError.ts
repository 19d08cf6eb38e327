import { WardenError } from "./WardenError";

/**
 * A chain read a request needs did not answer (the Safe's RPC is down, slow or on another chain):
 * nothing was created or signed; the caller may retry when the RPC answers. HTTP 503.
 *
 * @example
 * throw new ChainUnavailableError({ operation: "read the module's grant nonce", cause })
 */
export class ChainUnavailableError extends WardenError {
  override name = "ChainUnavailableError";
  /**
   * @param params.operation - What could not be read (never a secret).
   * @param params.cause - The RPC's error (kept as the cause, never shown).
   */
  constructor({ operation, cause }: { operation: string; cause?: unknown }) {
    super({
      code: "WARDEN_ERR_CHAIN_UNAVAILABLE",
      shortMessage: `The chain did not answer: could not ${operation}.`,
      details: { operation },
      metaMessages: ["Check wallet.rpc_url (reachable, in sync, the configured chain), then retry; nothing was created."],
      cause,
    });
  }
}
