/**
 * What to do about an error, by its name: `Pallet.Error` for the runtime's
 * module errors, `Kind.Variant` for other dispatch errors (`Token`,
 * `Arithmetic`, …) and transaction validity errors (`Invalid.Payment`).
 * Short, and addressed to the user of a dapp.
 */
export const HINTS: Readonly<Record<string, string>> = {
  // Balances
  "Balances.InsufficientBalance": "the account has too little free balance: fund it or send less",
  "Balances.ExistentialDeposit": "the amount would leave the recipient below the existential deposit: send more",
  "Balances.Expendability": "the transfer would take the sender below the existential deposit: send less",
  "Balances.LiquidityRestrictions": "part of the balance is frozen or held: wait for it to be released",
  "Balances.TooManyHolds": "the account holds too many kinds of deposit: release one first",

  // Registry
  "Registry.UnknownApp": "no app has this id: check it with the catalogue",
  "Registry.UnknownDataset": "no dataset has this id: check it with the catalogue",
  "Registry.UnknownWorkerpool": "no workerpool has this id: check it with the catalogue",
  "Registry.UnknownCategory": "no task category has this id: list the categories",
  "Registry.UnknownGroup": "no restriction group has this id",
  "Registry.NotOwner": "only the asset's (or group's) owner may do this: sign with the owner's account",
  "Registry.InvalidRatio": "a workerpool ratio is a percent: give 0 to 100",
  "Registry.AlreadyMember": "the account is in the group already",
  "Registry.NotMember": "the account is not in the group",
  "Registry.GroupFull": "the group is full: remove a member first",
  "Registry.BadWitness": "the group has more members than the witness says: read the count again and retry",
  "Registry.InsufficientDeposit": "the account cannot hold the registry's deposit: fund it (it must keep the existential deposit too)",
  "Registry.OperatorIsOwner": "the owner already acts as the scheduler: name another account, or clear the operator",

  // Escrow
  "Escrow.InsufficientFreeBalance": "the account cannot lock this much: fund it (it must keep the existential deposit too)",
  "Escrow.InsufficientLocked": "less is locked than the operation needs: the deal or task may be settled already",
  "Escrow.InsufficientPotBalance": "the protocol pot is short: report this to the chain's operators",

  // Marketplace
  "Marketplace.MarketHalted": "governance halted the market: no new deal until it reopens",
  "Marketplace.UnknownApp": "the order names an app that is not registered",
  "Marketplace.UnknownDataset": "the order names a dataset that is not registered",
  "Marketplace.UnknownWorkerpool": "the order names a workerpool that is not registered",
  "Marketplace.UnknownCategory": "the request names a task category that does not exist",
  "Marketplace.AppRevoked": "the app was revoked from the app store: choose another app",
  "Marketplace.BadSignature":
    "the order's signature is not its owner's (or the order changed after signing), and it is not presigned or published: sign it again with the owner's key",
  "Marketplace.OrderCancelled": "the order was cancelled: make a new one (with a fresh salt)",
  "Marketplace.OrderConsumed": "the order has no volume left: make a new one",
  "Marketplace.AppMismatch": "the request names another app than the app order",
  "Marketplace.DatasetMismatch": "the request's dataset and the dataset order differ (or one is missing)",
  "Marketplace.CategoryMismatch": "the request's category is not the workerpool order's",
  "Marketplace.TrustTooHigh": "the request asks for more trust than the workerpool offers: lower the trust or pick another pool",
  "Marketplace.AppPriceTooHigh": "the app's price is above the request's app_max_price: raise it",
  "Marketplace.DatasetPriceTooHigh": "the dataset's price is above the request's dataset_max_price: raise it",
  "Marketplace.WorkerpoolPriceTooHigh": "the workerpool's price is above the request's workerpool_max_price: raise it",
  "Marketplace.TagNotSupported": "the workerpool lacks a feature the deal's tag asks for (TEE, GPU): pick another pool",
  "Marketplace.TeeNotFromApp": "only the app order may ask for the TEE bit",
  "Marketplace.RequirementsNotMet": "the workerpool's machines do not meet the app's or the request's requirements: lower them or pick another pool",
  "Marketplace.AppOrderRestrictsDataset": "the app order does not allow this dataset",
  "Marketplace.AppOrderRestrictsWorkerpool": "the app order does not allow this workerpool",
  "Marketplace.AppOrderRestrictsRequester": "the app order does not serve this requester",
  "Marketplace.DatasetOrderRestrictsApp": "the dataset order does not allow this app",
  "Marketplace.DatasetOrderRestrictsWorkerpool": "the dataset order does not allow this workerpool",
  "Marketplace.DatasetOrderRestrictsRequester": "the dataset order does not serve this requester",
  "Marketplace.WorkerpoolOrderRestrictsApp": "the workerpool order does not run this app",
  "Marketplace.WorkerpoolOrderRestrictsDataset": "the workerpool order does not read this dataset",
  "Marketplace.WorkerpoolOrderRestrictsRequester": "the workerpool order does not serve this requester",
  "Marketplace.RequestRestrictsWorkerpool": "the request names another workerpool",
  "Marketplace.PriceOverflow": "the prices times the volume are too large: lower them",
  "Marketplace.RequesterCannotPay": "the requester cannot lock (app + dataset + pool price) × volume: fund it or lower the volume",
  "Marketplace.SchedulerCannotStake": "the workerpool's scheduler cannot lock its stake: try another pool",
  "Marketplace.NotOrderOwner": "only the order's owner (the asset's owner, a pool's operator, or the requester) may do this",
  "Marketplace.AlreadyPresigned": "the order is presigned already",
  "Marketplace.AlreadyCancelled": "the order is cancelled already",
  "Marketplace.AlreadyPublished": "the order is in the book already",
  "Marketplace.NotPublished": "the order is not in the book",
  "Marketplace.NotAnOffer": "requests are published with publishRequest, not publishOffer",
  "Marketplace.OrderBookFull": "the book is full for this asset or category: wait for orders to leave it, or unpublish one",
  "Marketplace.ZeroVolume": "an order's volume must be at least 1",
  "Marketplace.CannotPayDeposit": "the account cannot hold the order's deposit: fund it",
  "Marketplace.TooManyResting": "too many requests rest in this category: raise the prices to be matched at once, or retry later",
  "Marketplace.TooManyExpiries": "too many requests expire around that block: choose another expiry",
  "Marketplace.OrderExpired": "the order's expiry block has passed: make it again with a later expiry",
  "Marketplace.ExpiryTooFar": "the order expires too far ahead (at most MaxOrderLifetime blocks, 30 days): choose a nearer expiry",

  // PoCo
  "Poco.UnknownDeal": "no deal has this id (a finished deal leaves the state after its retention period)",
  "Poco.TaskIndexOutOfRange": "the index is not one of the deal's tasks",
  "Poco.TaskAlreadyInitialized": "the task was initialized (or claimed) already",
  "Poco.UnknownTask": "the task was never initialized",
  "Poco.TaskNotActive": "the task takes no contributions now",
  "Poco.TaskNotRevealing": "the task is not revealing",
  "Poco.TaskFinished": "the task is completed or failed already: nothing to claim",
  "Poco.ContributionDeadlinePassed": "the task's contribution deadline has passed",
  "Poco.RevealDeadlinePassed": "the task's reveal deadline has passed",
  "Poco.FinalDeadlinePassed": "the task's final deadline has passed: it can only be claimed",
  "Poco.FinalDeadlineNotReached": "a task can be claimed only after its final deadline (start + 10 × the category's time reference): wait",
  "Poco.NotScheduler": "only the deal's scheduler (the pool's owner or operator) may do this",
  "Poco.WorkerCannotStake": "the worker cannot lock its stake: fund it",

  // Dispatch errors that are not a pallet's
  "BadOrigin": "the call needs another origin (governance, or the asset's owner)",
  "Token.FundsUnavailable": "the account has too little free balance: fund it",
  "Token.OnlyProvider": "the account would be removed: keep at least the existential deposit",
  "Token.BelowMinimum": "the amount is below the existential deposit",
  "Token.Frozen": "the funds are frozen",
  "Arithmetic.Overflow": "an amount is too large",
  "Arithmetic.Underflow": "an amount is too small (or a balance too low)",

  // Transaction validity (the node's pool refused the transaction)
  "Invalid.Payment": "the account cannot pay the transaction fee: fund it",
  "Invalid.Stale": "the nonce was used already: another transaction of this account went first; retry",
  "Invalid.Future": "the nonce is ahead of the account's: wait for its earlier transactions",
  "Invalid.BadProof": "the signature does not verify (wrong key, or signed for another chain, runtime or metadata hash)",
  "Invalid.AncientBirthBlock": "the transaction's mortality window has passed: sign it again",
  "Invalid.ExhaustsResources": "the block is full: retry",
  "Invalid.Call": "the call is not allowed now (paused, or the chain is in safe mode)",
  "Invalid.BadSigner": "the account cannot sign this transaction",
  "Unknown.CannotLookup": "an account in the transaction cannot be found",
};

/** The hint for `key` (`Pallet.Error`), if there is one. */
export function hintFor(key: string): string | undefined {
  return HINTS[key];
}
