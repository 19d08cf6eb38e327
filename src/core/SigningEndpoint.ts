import type { Address, Hex } from "viem";
import type { SigningRequest } from "./SigningIntent";

/** What the strategy declares about a request (region, data inputs, counterparty). */
export type DeclaredInputs = { region?: string; inputs?: readonly string[]; counterparty?: string };

/** The parameters of one signing request. */
export type SignParameters = {
  credential: string;
  /** The strategy the caller signs for; must be the session's. */
  strategy_id: string;
  request: SigningRequest;
  /** What the strategy declares about this request (region, data inputs, counterparty). */
  declared?: DeclaredInputs;
};

/** The signing side a session account talks to (an in-process Warden, or the HTTP client). */
export type SigningEndpoint = {
  readonly walletAddress: Address;
  /**
   * The address a session account presents (the EOA that signs and whose ClobAuth it is): the
   * wallet itself in `eoa` mode, the session signer in `deposit-wallet` mode. Absent: the wallet.
   */
  readonly signerAddress?: Address;
  sign(params: SignParameters): Promise<Hex>;
};
