import { parseAbi } from "viem";

/**
 * The part of Polymarket's DepositWallet that Warden uses: the session-signer calls (`onlySelf`,
 * reached through an owner-signed `Batch`), their view, and the batch nonce and owner.
 * Selectors: authorizeSessionSigner `0x24017fae`, revokeSessionSigner `0xe63f952f`,
 * sessionSignerAuthorizedUntil `0xb9ac71d6` (research/polymarket-v2.md §7.3).
 *
 * @example
 * encodeFunctionData({ abi: depositWalletAbi, functionName: "authorizeSessionSigner", args: [signer, validUntil] })
 */
export const depositWalletAbi = parseAbi([
  "function authorizeSessionSigner(address _sessionSigner, uint256 _validUntil)",
  "function revokeSessionSigner(address _sessionSigner)",
  "function sessionSignerAuthorizedUntil(address _signer) view returns (uint256)",
  "function nonce() view returns (uint256)",
  "function owner() view returns (address)",
  "event SessionSignerAuthorized(address indexed sessionSigner, uint256 validUntil)",
  "event SessionSignerRevoked(address indexed sessionSigner)",
]);
