/**
 * Buying tasks, as `ect request` does: a request of the requester's
 * account, checked before it is sent (the assets exist, the funds cover the
 * most it can lock, the bounds), published and matched at once with the
 * best offers in the book.
 */

import type { EctChain } from "../chain/connect.js";
import { expiryIn } from "../chain/blocks.js";
import type { SubmitOptions } from "../chain/submit.js";
import type { Account } from "../chain/types.js";
import { InputError } from "../errors/errors.js";
import { checkInteger } from "../input/bounds.js";
import { formatAmount } from "../util/amount.js";
import { DEFAULT_ORDER_LIFETIME, requestOrder, type RequestTerms } from "./build.js";
import { publishRequest, type RequestPublished } from "./market.js";

/** The terms of {@link requestTasks}: a request's, less what the SDK fills in. */
export type TaskRequest = Omit<RequestTerms, "requester" | "expires"> & {
  /** The request's lifetime in blocks from the best block (default 7 days). */
  expiresIn?: number;
  /** How much the total price counts against reputation, in percent (default 100: the cheapest). */
  priceWeight?: number;
};

/**
 * Requests tasks for `requester`: refuses unknown assets and a requester
 * who cannot cover volume × the max prices, then publishes the request.
 */
export async function requestTasks(
  chain: EctChain,
  requester: Account,
  terms: TaskRequest,
  options?: SubmitOptions,
): Promise<RequestPublished> {
  const expiresIn = checkInteger("expiresIn", terms.expiresIn ?? DEFAULT_ORDER_LIFETIME, 2);
  const order = requestOrder({ ...terms, requester: requester.address, expires: await expiryIn(chain, expiresIn) });
  const { query } = chain.api;
  const [app, dataset, pool, account] = await Promise.all([
    query.Registry.Apps.getValue(order.app, { at: "best" }),
    order.dataset === undefined ? true : query.Registry.Datasets.getValue(order.dataset, { at: "best" }),
    order.workerpool === undefined ? true : query.Registry.Workerpools.getValue(order.workerpool, { at: "best" }),
    query.System.Account.getValue(requester.address, { at: "best" }),
  ]);
  if (!app) throw new InputError("app", `no app ${order.app} is registered`, "check the id with the catalogue");
  if (!dataset) throw new InputError("dataset", `no dataset ${order.dataset} is registered`);
  if (!pool) throw new InputError("workerpool", `no workerpool ${order.workerpool} is registered`);
  const datasetPrice = order.dataset === undefined ? 0n : order.dataset_max_price;
  const need = (order.app_max_price + datasetPrice + order.workerpool_max_price) * BigInt(order.volume);
  if (account.data.free < need) {
    throw new InputError(
      "requester",
      `insufficient funds: need ${formatAmount(need)}, have ${formatAmount(account.data.free)}`,
      "fund the account or lower the prices or the volume",
    );
  }
  return publishRequest(chain, requester, order, terms.priceWeight ?? 100, options);
}
