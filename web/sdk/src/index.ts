/**
 * The ECT SDK: a typed client of an ECT chain for dapps, built on PAPI with
 * types generated from the runtime's metadata.
 *
 * - connect: {@link connect}
 * - assets: {@link registerApp}, {@link registerDataset}, {@link registerWorkerpool}
 * - orders: builders ({@link appOrder}, {@link requestOrder}, …), {@link signOrder},
 *   {@link publishOffer}, {@link publishRequest}, {@link requestTasks}, {@link matchOrders}
 * - tasks: {@link watchTask}, {@link taskProgress$}, {@link claimTask}
 * - results: {@link fetchResult}, {@link fetchResultFromRecords}, {@link verifyResult}
 * - catalogue: {@link catalog}
 * - wallets that check the metadata hash (RFC 78): {@link withCheckMetadataHash}, {@link metadataHashSigner}
 * - errors: {@link EctError} and its kinds, {@link HINTS}
 */

export { connect, type ConnectOptions, type EctApi, type EctChain } from "./chain/connect.js";
export { bestBlock, expiryIn } from "./chain/blocks.js";
export { submit, type Included, type SubmitOptions } from "./chain/submit.js";
export type * from "./chain/types.js";

export {
  ChainError,
  EctError,
  InputError,
  ResultError,
  TaskFailedError,
  TimeoutError,
  TransactionError,
  UndecodableTransactionError,
  type ResultProblem,
} from "./errors/errors.js";
export { chainError, submissionError, transactionError } from "./errors/dispatch.js";
export { errorDocs, type ErrorDocs } from "./errors/docs.js";
export { HINTS, hintFor } from "./errors/hints.js";

export { readBounds, checkBytes, checkExpiry, checkInteger, checkPercent, type Bounds } from "./input/bounds.js";
export { checkAddress, checkOrder } from "./input/orders.js";

export { checksumOf, registerApp, registerDataset, registerWorkerpool } from "./assets/register.js";
export type { AppRegistration, AssetSource, WorkerpoolRegistration } from "./assets/register.js";

export * from "./orders/build.js";
export { checkParams, checkRecipientKey, encodeParams, parseParams, MAX_INPUTS, type InputFile, type TaskParams } from "./orders/params.js";
export { encodeOrder, localOrderHash, orderHash, orderHashOfEncoded, ORDER_DOMAIN } from "./orders/hash.js";
export {
  extensionOrderSigner,
  polkadotOrderSigner,
  rawOrderSigner,
  signOrderHash,
  signedMessage,
  toMultiSignature,
  wrapBytes,
  type OrderSigner,
  type Scheme,
  type SignRaw,
  type Wrapping,
} from "./orders/sign.js";
export {
  cancelOrder,
  checkOrderOnChain,
  matchOrders,
  openOrders,
  orderState,
  presignOrder,
  publishOffer,
  publishRequest,
  signOrder,
  unpublishOrder,
  type MatchInput,
  type Offer,
  type OpenOrder,
  type Published,
  type RequestPublished,
} from "./orders/market.js";
export { requestTasks, type TaskRequest } from "./orders/request.js";
export { matchedDeals, type MatchedDeal } from "./orders/deals.js";

export { dealId, taskId, taskIds } from "./tasks/ids.js";
export { getContributions, getDeal, getTask } from "./tasks/read.js";
export { taskProgress$, watchTask, type TaskProgress, type WatchOptions } from "./tasks/watch.js";
export { claimableFrom, claimTask, type Claimed } from "./tasks/claim.js";

export {
  DEFAULT_MAX_RESULT_BYTES,
  DEFAULT_RESULT_TIMEOUT_MS,
  fetchResult,
  fetchResultFromRecords,
  httpLoader,
  loadLimits,
  type FetchedResult,
  type FetchResultOptions,
  type LimitOptions,
  type Loader,
  type LoadLimits,
  type TaskRecords,
} from "./results/fetch.js";
export { checkBundleHash, checkDigest, verifyResult, type Certified, type DigestCoverage, type VerifiedResult } from "./results/verify.js";
export { decodeBundle, digestOf, encodeBundle, type Output } from "./results/bundle.js";
export { parseResultsLink, type ResultsLink } from "./results/link.js";
export { generateResultKey, isSealed, openSealed, parseResultKey, resultPublicKey, seal } from "./results/sealed.js";

export { catalog, runtimeCatalog } from "./catalog/index.js";
export type * from "./catalog/types.js";
export { MAX_PAGE } from "./catalog/types.js";

export { devAccount, keypairAccount, SS58_PREFIX, type KeypairAccount } from "./keys/keypair.js";
export {
  CHECK_METADATA_HASH,
  chainMetadataHash,
  chainToken,
  metadataHash,
  metadataHashExtension,
  metadataHashSigner,
  withCheckMetadataHash,
  type ExtensionBytes,
  type MetadataHashOptions,
  type TokenInfo,
} from "./keys/metadata-hash.js";
export { formatAmount, parseAmount, UNIT } from "./util/amount.js";
export { fromHex, toHex, type Hex } from "./util/hex.js";
