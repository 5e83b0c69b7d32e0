//! Request orders and deals: what the marketplace matches and the other
//! pallets read (`protocol.md` §3–§4).

use crate::{impl_ignoring_length_bounds, AppId, CategoryId, DatasetId, OrderHash, Resources, Tag, WorkerpoolId};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec},
	sp_core::H160,
};
use scale_info::TypeInfo;

/// Where a task's result is delivered, besides the chain (`protocol.md` §9).
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum CallbackTarget {
	/// A runtime hook, identified by the id the runtime's handler knows.
	Runtime(u32),
	/// An Ethereum contract, reached through the bridge.
	Ethereum(H160),
}

/// A requester's request: `volume` tasks of `app` (on `dataset`) at most at
/// the given prices.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(ParamsLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen))]
pub struct RequestOrder<AccountId, Balance, ParamsLen: Get<u32>> {
	/// The app to run.
	pub app: AppId,
	/// The most the requester pays the app owner per task.
	pub app_max_price: Balance,
	/// The dataset the app reads, if any.
	pub dataset: Option<DatasetId>,
	/// The most the requester pays the dataset owner per task.
	pub dataset_max_price: Balance,
	/// The only workerpool allowed, if any.
	pub workerpool: Option<WorkerpoolId>,
	/// The most the requester pays the workerpool per task.
	pub workerpool_max_price: Balance,
	/// The requester, who signs the order and pays.
	pub requester: AccountId,
	/// How many tasks.
	pub volume: u32,
	/// The features the tasks need.
	pub tag: Tag,
	/// The task category.
	pub category: CategoryId,
	/// The trust wanted (0 and 1 both mean one contribution suffices).
	pub trust: u32,
	/// Who receives the results.
	pub beneficiary: AccountId,
	/// Where the result is delivered, if anywhere.
	pub callback: Option<CallbackTarget>,
	/// The task parameters: args, input URLs, result storage.
	pub params: BoundedVec<u8, ParamsLen>,
	/// Makes otherwise equal orders distinct.
	pub salt: [u8; 32],
	/// The minimum machine resources the tasks need [beyond].
	pub requirements: Resources,
	/// The block from which the order is void [beyond]: it is matched,
	/// presigned, published or cancelled only before it, and the chain
	/// forgets it some blocks after (`protocol.md` §4, "Order lifetime").
	pub expires: u32,
}

impl_ignoring_length_bounds!(RequestOrder<AccountId, Balance; ParamsLen> {
	app, app_max_price, dataset, dataset_max_price, workerpool, workerpool_max_price, requester, volume, tag,
	category, trust, beneficiary, callback, params, salt, requirements, expires,
});

/// One resource of a deal, snapshotted when matched: who is paid and how much
/// per task (the ask price of its order).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct DealResource<AccountId, Balance> {
	/// The asset id.
	pub id: u32,
	/// Its owner when matched.
	pub owner: AccountId,
	/// Its ask price per task.
	pub price: Balance,
}

/// A deal: matched orders, the bag of tasks `first_index..first_index + volume`
/// of the request, paid for and staked (`protocol.md` §4).
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(ParamsLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen))]
pub struct Deal<AccountId, Balance, ParamsLen: Get<u32>> {
	/// The app, its owner and price.
	pub app: DealResource<AccountId, Balance>,
	/// The dataset, its owner and price, if any.
	pub dataset: Option<DealResource<AccountId, Balance>>,
	/// The workerpool, its owner (the scheduler) and price.
	pub workerpool: DealResource<AccountId, Balance>,
	/// `max(request.trust, 1)`.
	pub trust: u32,
	/// The task category.
	pub category: CategoryId,
	/// `app.tag | dataset.tag | request.tag`.
	pub tag: Tag,
	/// Who paid.
	pub requester: AccountId,
	/// Who receives the results.
	pub beneficiary: AccountId,
	/// Where results are delivered.
	pub callback: Option<CallbackTarget>,
	/// The task parameters.
	pub params: BoundedVec<u8, ParamsLen>,
	/// When the deal was matched (unix milliseconds); task deadlines count from here.
	pub start: u64,
	/// The request's index of the first task.
	pub first_index: u32,
	/// How many tasks.
	pub volume: u32,
	/// What each worker stakes per contribution (pool price × worker stake ratio).
	pub worker_stake: Balance,
	/// What the scheduler staked per task (pool price × 30%).
	pub scheduler_stake: Balance,
	/// The percent of the worker pot the scheduler keeps.
	pub scheduler_reward_ratio: u8,
	/// The request order's hash.
	pub request: OrderHash,
	/// The machine minimums a worker must meet to compute its tasks: the
	/// app's and the request's requirements combined
	/// ([`Resources::combined`]), which the workerpool order satisfied.
	pub requirements: Resources,
}

impl<AccountId, Balance, ParamsLen> Deal<AccountId, Balance, ParamsLen>
where
	Balance: polkadot_sdk::sp_runtime::traits::CheckedAdd + Default + Copy,
	ParamsLen: Get<u32>,
{
	/// The price of one task: app + dataset + workerpool ask prices, or
	/// `None` on overflow (a match refuses such prices).
	pub fn task_price(&self) -> Option<Balance> {
		let dataset = self.dataset.as_ref().map(|d| d.price).unwrap_or_default();
		self.app.price.checked_add(&dataset).and_then(|p| p.checked_add(&self.workerpool.price))
	}
}

impl_ignoring_length_bounds!(Deal<AccountId, Balance; ParamsLen> {
	app, dataset, workerpool, trust, category, tag, requester, beneficiary, callback, params, start, first_index,
	volume, worker_stake, scheduler_stake, scheduler_reward_ratio, request, requirements,
});

/// How much work an automatic match did, for its actual weight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Walk {
	/// The (workerpool, app, dataset) order combinations tried that made no deal.
	pub failed: u32,
	/// The deals made.
	pub deals: u32,
}
