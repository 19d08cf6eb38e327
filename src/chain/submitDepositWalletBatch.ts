import { z } from "zod";
import { RelayerRejectedError } from "../errors/RelayerRejectedError";
import type { RelayerWalletRequest } from "./depositWalletSessionSignerBatch";

/** Parameters of {@link submitDepositWalletBatch}. */
export type SubmitDepositWalletBatchParameters = {
  /** The relayer's base URL (`wallet.relayer_url`); the batch goes to `POST {url}/submit`. */
  relayerUrl: string;
  request: RelayerWalletRequest;
  /** The relayer API key and its address (headers `RELAYER_API_KEY`, `RELAYER_API_KEY_ADDRESS`), if the relayer requires one. */
  apiKey?: { key: string; address: string };
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
};

/** The relayer's answer (@polymarket/bindings `RelayerExecuteResponseSchema`). */
export type SubmitDepositWalletBatchReturnType = { state: string; transactionId: string; transactionHash: string | null };

const responseSchema = z.object({
  state: z.string(),
  transactionID: z.string().min(1),
  transactionHash: z.string().nullish(),
});

/**
 * Posts an owner-signed deposit-wallet batch to the relayer, as @polymarket/client 0.2.0
 * `executeGasless` does (`POST /submit`, JSON body, the relayer API key in headers).
 *
 * @param parameters - Relayer URL, request, optional API key.
 * @returns The relayer's transaction id, state and hash.
 * @throws {RelayerRejectedError} when the relayer is unreachable, refuses, or answers something else.
 * @example
 * const { transactionId } = await submitDepositWalletBatch({ relayerUrl: config.wallet.relayer_url, request });
 */
export async function submitDepositWalletBatch({
  relayerUrl,
  request,
  apiKey,
  timeoutMs = 15_000,
  fetch = globalThis.fetch,
}: SubmitDepositWalletBatchParameters): Promise<SubmitDepositWalletBatchReturnType> {
  let res: Response;
  try {
    res = await fetch(`${relayerUrl.replace(/\/$/, "")}/submit`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(apiKey ? { RELAYER_API_KEY: apiKey.key, RELAYER_API_KEY_ADDRESS: apiKey.address } : {}) },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new RelayerRejectedError({ status: null, error: e instanceof Error ? e.name : "unknown" });
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: reported below
  }
  if (!res.ok) {
    const error = typeof body === "object" && body !== null && typeof (body as { error?: unknown }).error === "string" ? (body as { error: string }).error : text.slice(0, 200);
    throw new RelayerRejectedError({ status: res.status, error });
  }
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) throw new RelayerRejectedError({ status: res.status, error: "the answer is not a relayer transaction (state, transactionID)" });
  return { state: parsed.data.state, transactionId: parsed.data.transactionID, transactionHash: parsed.data.transactionHash ?? null };
}
