/**
 * The maker-side pause of the Polymarket exchanges (CTFExchangeV2 `mixins/UserPausable.sol`;
 * research/polymarket-v2.md §2.1): `pauseUser()` (`0xc0c3132c`) pauses orders whose maker is the
 * caller from `block.number + userPauseBlockInterval` (default 100 blocks) on, and reverts
 * `UserAlreadyPaused` while a pause is recorded; `unpauseUser()` (`0x4cce30c9`) lifts it at once;
 * `userPausedBlockAt(user)` is the block the pause takes effect (0: none). They are the only
 * state-changing exchange calls a maker can make in V2, and a pause stops even orders the
 * operator preapproved.
 *
 * @example
 * encodeFunctionData({ abi: userPauseAbi, functionName: "pauseUser" }) // "0xc0c3132c"
 */
export const userPauseAbi = [
  { type: "function", name: "pauseUser", inputs: [], outputs: [], stateMutability: "nonpayable" },
  { type: "function", name: "unpauseUser", inputs: [], outputs: [], stateMutability: "nonpayable" },
  { type: "function", name: "userPausedBlockAt", inputs: [{ name: "user", type: "address" }], outputs: [{ name: "", type: "uint256" }], stateMutability: "view" },
  { type: "function", name: "isUserPaused", inputs: [{ name: "user", type: "address" }], outputs: [{ name: "", type: "bool" }], stateMutability: "view" },
  { type: "function", name: "userPauseBlockInterval", inputs: [], outputs: [{ name: "", type: "uint256" }], stateMutability: "view" },
  { type: "error", name: "UserAlreadyPaused", inputs: [] },
] as const;
