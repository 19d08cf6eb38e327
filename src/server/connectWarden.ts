import type { Address, Hex } from "viem";
import type { SignParameters, SigningEndpoint } from "../core/SigningEndpoint";
import { SigningDeniedError } from "../errors/SigningDeniedError";
import { WardenError } from "../errors/WardenError";
import type { RiskVote } from "../core/RiskVote";
import { toJson } from "../core/toJson";

/**
 * A {@link SigningEndpoint} that talks to a Warden server over HTTP, so `toSessionAccount` works
 * from another process. Refusals arrive as the same `SigningDeniedError` with the deciding vote.
 *
 * @param params.url - Base URL, e.g. `http://127.0.0.1:8787`.
 * @param params.credential - The session credential (or an operator token): `GET /v1/wallet` is not open.
 * @returns The endpoint (after reading the wallet address from the server).
 * @example
 * const account = toSessionAccount({ warden: await connectWarden({ url, credential }), credential, strategyId: "nba-mm" })
 */
export async function connectWarden({ url, credential }: { url: string; credential?: string }): Promise<SigningEndpoint> {
  const base = url.replace(/\/$/, "");
  const answer = await fetch(`${base}/v1/wallet`, credential ? { headers: { authorization: `Bearer ${credential}` } } : {});
  if (!answer.ok)
    throw new WardenError({ code: "WARDEN_ERR_HTTP", shortMessage: `Warden answered ${answer.status} to GET /v1/wallet.`, details: { status: answer.status }, metaMessages: ["Pass the session credential: connectWarden({ url, credential })."] });
  const wallet = (await answer.json()) as { address: Address; signer?: Address };
  return {
    walletAddress: wallet.address,
    ...(wallet.signer ? { signerAddress: wallet.signer } : {}),
    async sign({ credential, strategy_id, request, declared }: SignParameters): Promise<Hex> {
      const res = await fetch(`${base}/v1/sign`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${credential}` },
        body: toJson({ strategy_id, request, ...(declared ? { declared } : {}) }),
      });
      const body = (await res.json()) as { signature?: Hex; vote?: RiskVote; error?: string };
      if (res.ok && body.signature) return body.signature;
      if (body.vote) throw new SigningDeniedError({ vote: body.vote, votes: [body.vote], intentId: null });
      throw new WardenError({ code: "WARDEN_ERR_HTTP", shortMessage: `Warden answered ${res.status}.`, details: { status: res.status, error: body.error ?? null } });
    },
  };
}
