export { createWarden } from "./warden/createWarden";
export type {
  ArmKillSwitchResult,
  ClosestToBreach,
  CreateWardenParameters,
  DisarmKillSwitchParameters,
  IssuedSession,
  KillSwitchAlert,
  KillSwitchParameters,
  SecurityAlert,
  SessionGrantRequest,
  SessionView,
  Warden,
} from "./warden/Warden";
export type { DeclaredInputs, SignParameters, SigningEndpoint } from "./core/SigningEndpoint";
export type { SignOptions } from "./warden/SignOptions";
export { createEoaWallet } from "./signer/wallets/createEoaWallet";
export { createDepositWallet } from "./signer/wallets/createDepositWallet";
export type { CreateDepositWalletParameters, SessionSignerAuthorization } from "./signer/wallets/createDepositWallet";
export type { Wallet, WalletExpectations, WalletReadiness } from "./signer/wallets/Wallet";
export { toDepositWalletOrderSignature } from "./signer/toDepositWalletOrderSignature";
export { depositWalletAddresses } from "./chain/depositWalletAddresses";
export { depositWalletSessionSignerBatch } from "./chain/depositWalletSessionSignerBatch";
export type { DepositWalletSessionSignerBatch, RelayerWalletRequest, SessionSignerChange } from "./chain/depositWalletSessionSignerBatch";
export { submitDepositWalletBatch } from "./chain/submitDepositWalletBatch";
export type { Store } from "./store/Store";
export { parseConfig } from "./config/parseConfig";
export type { WardenConfig, WardenConfigInput } from "./config/wardenConfigSchema";
export { ConfigError } from "./errors/ConfigError";
export { InvalidParameterError } from "./errors/InvalidParameterError";
export { KeystoreError } from "./errors/KeystoreError";
export { OverrideDeniedError } from "./errors/OverrideDeniedError";
export { SessionGrantError } from "./errors/SessionGrantError";
export { SigningDeniedError } from "./errors/SigningDeniedError";
export { StoreUnavailableError } from "./errors/StoreUnavailableError";
export { RelayerRejectedError } from "./errors/RelayerRejectedError";
export { WalletNotReadyError } from "./errors/WalletNotReadyError";
export { WardenError } from "./errors/WardenError";
export { reasonCodes } from "./core/reasonCodes";
export type { ReasonCode } from "./core/reasonCodes";
export type { RiskVote } from "./core/RiskVote";
export { decryptKeystore } from "./signer/decryptKeystore";
export { encryptKeystore } from "./signer/encryptKeystore";
export { knownExchanges } from "./core/polymarket/exchanges";
export { toSessionAccount } from "./signer/toSessionAccount";
export { connectWarden } from "./server/connectWarden";
export { createServer } from "./server/createServer";
export { WalletKey } from "./signer/WalletKey";
export { createClobOrderStatusSource } from "./market/createClobOrderStatusSource";
export { createOrderStatusWatcher } from "./jobs/createOrderStatusWatcher";
export type { OrderStatusPollReport, OrderStatusWatcher } from "./jobs/createOrderStatusWatcher";
export { orderStatusWatcherFromConfig } from "./jobs/orderStatusWatcherFromConfig";
export type { OpenOrder } from "./warden/listOpenOrders";
export type { CancelReport } from "./warden/createOrderCancels";
export type { UserPauseReport } from "./chain/createUserPauser";
export { createHeartbeat } from "./jobs/createHeartbeat";
export type { Heartbeat, HeartbeatStatus } from "./jobs/createHeartbeat";
export { heartbeatFromConfig } from "./jobs/heartbeatFromConfig";
export { restingOrderRetirerFromConfig } from "./jobs/restingOrderRetirerFromConfig";
