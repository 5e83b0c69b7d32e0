//! Orders and the order book's entries (`protocol.md` §3–§4). Request
//! orders and deals, which other pallets read too, are `ect-primitives`'s.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use ect_primitives::{
	impl_ignoring_length_bounds, CallbackTarget, Deal, DealId, DealResource, OperatingMode, OrderHash, RequestOrder,
	TaskId, ORDER_DOMAIN,
};
use ect_primitives::{AppId, CategoryId, DatasetId, Resources, Restriction, Tag, WorkerpoolId};
use polkadot_sdk::{
	frame_support::{traits::Get, PalletError},
	sp_runtime::Percent,
};
use core::fmt::Debug;
use scale_info::TypeInfo;

/// The four order kinds.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug, PalletError,
)]
pub enum OrderKind {
	/// An app owner's offer of its app.
	App,
	/// A dataset owner's offer of its dataset.
	Dataset,
	/// A scheduler's offer of its workerpool's machines.
	Workerpool,
	/// A requester's request for tasks.
	Request,
}

/// An app owner's offer: run `app` for `price` per task, `volume` times.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct AppOrder<AccountId, Balance> {
	/// The app offered.
	pub app: AppId,
	/// The price per task.
	pub price: Balance,
	/// How many tasks the order may be used for.
	pub volume: u32,
	/// The features the app needs (the TEE bit may only come from here).
	pub tag: Tag,
	/// Which datasets (by owner) may be used with it.
	pub dataset_restrict: Restriction<AccountId>,
	/// Which workerpools (by owner) may run it.
	pub workerpool_restrict: Restriction<AccountId>,
	/// Which requesters may buy it.
	pub requester_restrict: Restriction<AccountId>,
	/// Makes otherwise equal orders distinct.
	pub salt: [u8; 32],
	/// The block from which the order is void [beyond] (see
	/// [`RequestOrder::expires`]).
	pub expires: u32,
}

/// A dataset owner's offer: use `dataset` for `price` per task.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct DatasetOrder<AccountId, Balance> {
	/// The dataset offered.
	pub dataset: DatasetId,
	/// The price per task.
	pub price: Balance,
	/// How many tasks the order may be used for.
	pub volume: u32,
	/// The features the dataset needs.
	pub tag: Tag,
	/// Which apps (by owner) may read it.
	pub app_restrict: Restriction<AccountId>,
	/// Which workerpools (by owner) may read it.
	pub workerpool_restrict: Restriction<AccountId>,
	/// Which requesters may buy it.
	pub requester_restrict: Restriction<AccountId>,
	/// Makes otherwise equal orders distinct.
	pub salt: [u8; 32],
	/// The block from which the order is void [beyond] (see
	/// [`RequestOrder::expires`]).
	pub expires: u32,
}

/// A scheduler's offer: compute tasks of `category` at `trust` on its pool.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct WorkerpoolOrder<AccountId, Balance> {
	/// The workerpool offered.
	pub workerpool: WorkerpoolId,
	/// The price per task.
	pub price: Balance,
	/// How many tasks the order may be used for.
	pub volume: u32,
	/// The features the pool's machines have.
	pub tag: Tag,
	/// The task category computed.
	pub category: CategoryId,
	/// The highest trust the pool accepts.
	pub trust: u32,
	/// Which apps (by owner) it runs.
	pub app_restrict: Restriction<AccountId>,
	/// Which datasets (by owner) it reads.
	pub dataset_restrict: Restriction<AccountId>,
	/// Which requesters it serves.
	pub requester_restrict: Restriction<AccountId>,
	/// Makes otherwise equal orders distinct.
	pub salt: [u8; 32],
	/// What the pool's machines offer [beyond].
	pub capabilities: Resources,
	/// The block from which the order is void [beyond] (see
	/// [`RequestOrder::expires`]).
	pub expires: u32,
}

/// Any order; its SCALE encoding starts with the kind.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(ParamsLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen))]
pub enum Order<AccountId, Balance, ParamsLen: Get<u32>> {
	/// An app order.
	App(AppOrder<AccountId, Balance>),
	/// A dataset order.
	Dataset(DatasetOrder<AccountId, Balance>),
	/// A workerpool order.
	Workerpool(WorkerpoolOrder<AccountId, Balance>),
	/// A request order.
	Request(RequestOrder<AccountId, Balance, ParamsLen>),
}

impl<AccountId: Clone, Balance: Clone, ParamsLen: Get<u32>> Clone for Order<AccountId, Balance, ParamsLen> {
	fn clone(&self) -> Self {
		match self {
			Order::App(o) => Order::App(o.clone()),
			Order::Dataset(o) => Order::Dataset(o.clone()),
			Order::Workerpool(o) => Order::Workerpool(o.clone()),
			Order::Request(o) => Order::Request(o.clone()),
		}
	}
}

impl<AccountId: PartialEq, Balance: PartialEq, ParamsLen: Get<u32>> PartialEq for Order<AccountId, Balance, ParamsLen> {
	fn eq(&self, other: &Self) -> bool {
		match (self, other) {
			(Order::App(a), Order::App(b)) => a == b,
			(Order::Dataset(a), Order::Dataset(b)) => a == b,
			(Order::Workerpool(a), Order::Workerpool(b)) => a == b,
			(Order::Request(a), Order::Request(b)) => a == b,
			_ => false,
		}
	}
}

impl<AccountId: Eq, Balance: Eq, ParamsLen: Get<u32>> Eq for Order<AccountId, Balance, ParamsLen> {}

impl<AccountId: Debug, Balance: Debug, ParamsLen: Get<u32>> Debug for Order<AccountId, Balance, ParamsLen> {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Order::App(o) => f.debug_tuple("App").field(o).finish(),
			Order::Dataset(o) => f.debug_tuple("Dataset").field(o).finish(),
			Order::Workerpool(o) => f.debug_tuple("Workerpool").field(o).finish(),
			Order::Request(o) => f.debug_tuple("Request").field(o).finish(),
		}
	}
}

impl<AccountId, Balance, ParamsLen: Get<u32>> Order<AccountId, Balance, ParamsLen> {
	/// The order's kind.
	pub fn kind(&self) -> OrderKind {
		match self {
			Order::App(_) => OrderKind::App,
			Order::Dataset(_) => OrderKind::Dataset,
			Order::Workerpool(_) => OrderKind::Workerpool,
			Order::Request(_) => OrderKind::Request,
		}
	}

	/// The block from which the order is void.
	pub fn expires(&self) -> u32 {
		match self {
			Order::App(o) => o.expires,
			Order::Dataset(o) => o.expires,
			Order::Workerpool(o) => o.expires,
			Order::Request(o) => o.expires,
		}
	}

	/// The volume the order was issued with.
	pub fn volume(&self) -> u32 {
		match self {
			Order::App(o) => o.volume,
			Order::Dataset(o) => o.volume,
			Order::Workerpool(o) => o.volume,
			Order::Request(o) => o.volume,
		}
	}
}

/// An order as given to `match_orders`: with its owner's off-chain
/// signature of the order hash, or `None` if the owner presigned it on chain.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct Signed<O, Signature> {
	/// The order.
	pub order: O,
	/// The owner's signature of the order hash, if not presigned.
	pub signature: Option<Signature>,
}

impl<O, Signature> Signed<O, Signature> {
	/// An order its owner presigned or published: no signature needed.
	pub fn presigned(order: O) -> Self {
		Signed { order, signature: None }
	}
}

/// An order published in the on-chain order book.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(ParamsLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen))]
pub struct Published<AccountId, Balance, ParamsLen: Get<u32>> {
	/// The order.
	pub order: Order<AccountId, Balance, ParamsLen>,
	/// Who published it and holds its deposit.
	pub owner: AccountId,
	/// The storage deposit held while it is published.
	pub deposit: Balance,
}

impl_ignoring_length_bounds!(Published<AccountId, Balance; ParamsLen> { order, owner, deposit });

/// What the chain knows of an order hash.
#[derive(Clone, Default, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct OrderState {
	/// The volume already matched.
	pub consumed: u32,
	/// Cancelled by its owner.
	pub cancelled: bool,
	/// Presigned on chain.
	pub presigned: bool,
	/// In the order book.
	pub published: bool,
}

/// An account's funds as the protocol sees them.
#[derive(Clone, Default, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct Funds<Balance> {
	/// Free to spend.
	pub free: Balance,
	/// Held as requester payments.
	pub payment: Balance,
	/// Held as scheduler stakes.
	pub scheduler_stake: Balance,
	/// Held as worker stakes.
	pub worker_stake: Balance,
	/// Held as storage deposits (assets, groups, published orders).
	pub deposits: Balance,
}

/// A published request resting in the book [beyond]: what later offers need
/// to match it, and when it leaves.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Resting<BlockNumber> {
	/// How much the total price counts against workerpool reputation, as
	/// the requester asked when publishing.
	pub price_weight: Percent,
	/// The block at whose start it expires and its deposit is returned.
	pub expires: BlockNumber,
}

/// What is due for an order at a block of [`crate::OrderPrunes`] [beyond].
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub enum Prune {
	/// The published offer expires: it leaves the book, its deposit returned.
	Unlist,
	/// The order expired `OrderRetention` blocks ago: its consumed volume,
	/// cancellation and presignature are forgotten.
	Forget,
}
