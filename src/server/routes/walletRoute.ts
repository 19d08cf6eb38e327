import type { RouteContext, WardenRoute } from "../WardenRoute";

/** `GET /v1/wallet` (strategy or viewer): the wallet a session signs for, and its signer. */
export const walletRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "GET",
  url: "/v1/wallet",
  role: "strategy",
  summary: "The wallet sessions sign for (its address, signer and chain).",
  handler: async () => ({ address: warden.walletAddress, signer: warden.signerAddress ?? warden.walletAddress, chain_id: warden.config.chain_id }),
});
