//! # Marketplace pallet
//!
//! The market half of the protocol (`protocol.md` §3–§4): orders for apps,
//! datasets, workerpools and tasks, matched into **deals** whose requester's
//! payment and scheduler's stake are locked in escrow.
//!
//! ## Orders
//!
//! Four order kinds ([`AppOrder`], [`DatasetOrder`], [`WorkerpoolOrder`],
//! [`RequestOrder`]). An order is identified by its [`OrderHash`]:
//! blake2-256 of `(ORDER_DOMAIN, genesis hash, kind, SCALE(order))`, so that
//! a signature is worth nothing on another chain or for another purpose. Its
//! owner (the asset's owner, or the request's requester) authorises it
//! either off chain, by signing the hash with any `MultiSignature` scheme,
//! or on chain with [`Pallet::presign`]. `Consumed[hash]` counts the volume
//! already matched; [`Pallet::cancel`] makes an order unusable. Every
//! order expires at a block of its own (at most `MaxOrderLifetime` ahead);
//! after that what the chain remembers of it is pruned ([`lifetime`]).
//!
//! ## Calls, by role
//!
//! - **Anyone** (usually a scheduler or a requester's client):
//!   [`Pallet::match_orders`] checks every rule of §4, each failure its own
//!   [`Error`], and makes a deal.
//! - **Order owners**: [`Pallet::presign`], [`Pallet::cancel`],
//!   [`Pallet::publish_offer`] and [`Pallet::unpublish`] (the on-chain
//!   order book, a storage deposit per published order).
//! - **Requesters**: [`Pallet::publish_request`] publishes a request and
//!   matches it at once with the best published offers [beyond]: lowest
//!   total price, then higher workerpool reputation, weighted as the
//!   requester asks; the volume is split across workerpool orders; the walk
//!   is bounded by `MaxMatchCandidates` (failed tries) and
//!   `MaxDealsPerPublish`. A request with volume left **rests** in the book
//!   until `RequestLifetime` has passed or the request expires (its deposit
//!   is then returned, at the start of a block), and [`Pallet::publish_offer`] matches the new
//!   offer with the resting requests it can serve, best-paying first, under
//!   the same bounds, charged for the walk it did (`protocol.md` §4).
//! - **Governance**: [`Pallet::set_operating_mode`] halts new deals in an
//!   emergency ([`OperatingMode`]). No privileged call moves escrowed funds.
//!
//! ## For clients
//!
//! The [`runtime_api::MarketplaceApi`] runtime API computes order hashes and
//! lists open orders by asset, deals and their tasks, and an account's free
//! and locked funds.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod types;
pub use types::*;
pub mod weights;
pub use weights::WeightInfo;
pub mod runtime_api;

mod book;
pub mod lifetime;
pub use lifetime::{Pruned, MAX_PRUNE_SLOTS};
mod resting;
pub use resting::EXPIRY_SPREAD;
mod deal;
mod invariants;
mod matching;
pub mod migrations;
mod orders;
mod provider;
mod signature;
pub use signature::{wrapped_for_extension, Signers, WRAPPED_LEN};
pub use ect_primitives::{deal_id, task_id, PoolReputation, Walk};

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

use polkadot_sdk::{frame_support, frame_system};

/// The native balance type.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;
/// An app order of this runtime.
pub type AppOrderOf<T> = AppOrder<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// A dataset order of this runtime.
pub type DatasetOrderOf<T> = DatasetOrder<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// A workerpool order of this runtime.
pub type WorkerpoolOrderOf<T> = WorkerpoolOrder<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// A request order of this runtime.
pub type RequestOrderOf<T> =
	RequestOrder<<T as frame_system::Config>::AccountId, BalanceOf<T>, <T as Config>::MaxParamsLen>;
/// Any order of this runtime.
pub type OrderOf<T> = Order<<T as frame_system::Config>::AccountId, BalanceOf<T>, <T as Config>::MaxParamsLen>;
/// A deal of this runtime.
pub type DealOf<T> = Deal<<T as frame_system::Config>::AccountId, BalanceOf<T>, <T as Config>::MaxParamsLen>;
/// An order book entry of this runtime.
pub type PublishedOf<T> =
	Published<<T as frame_system::Config>::AccountId, BalanceOf<T>, <T as Config>::MaxParamsLen>;
/// An order with its optional off-chain signature.
pub type SignedOf<O, T> = Signed<O, <T as Config>::Signature>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use ect_primitives::{AssetRef, AssetRegistry, CategoryId, Escrow, StorageDeposits};
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use polkadot_sdk::sp_runtime::{
		traits::{IdentifyAccount, Verify},
		Percent,
	};

	/// The layout of the pallet's storage; [`migrations`] moves it forward.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// What the pallet needs from the runtime.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency (free balances; funding in benchmarks).
		type Currency: fungible::Mutate<Self::AccountId>;

		/// The registered assets and categories, and storage deposits.
		type Registry: AssetRegistry<Self::AccountId> + StorageDeposits<Self::AccountId, Balance = BalanceOf<Self>>;

		/// The origin that halts and resumes the market.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Locks payments and stakes.
		type Escrow: Escrow<Self::AccountId, Balance = BalanceOf<Self>>;

		/// The off-chain signature of an order hash.
		type Signature: Verify<Signer = Self::Signer> + Parameter + MaxEncodedLen;

		/// The public key type behind an account.
		type Signer: IdentifyAccount<AccountId = Self::AccountId>;

		/// The wall clock deals start at.
		type Time: UnixTime;

		/// Workerpool reputation, for automatic matching.
		type Reputation: PoolReputation;

		/// The storage deposit of a published order.
		#[pallet::constant]
		type OrderDeposit: Get<BalanceOf<Self>>;

		/// The longest task parameters of a request, in bytes.
		#[pallet::constant]
		type MaxParamsLen: Get<u32>;

		/// The most published orders per asset (requests count for their app
		/// and their dataset).
		#[pallet::constant]
		type MaxOrdersPerAsset: Get<u32>;

		/// The most published workerpool orders per category.
		#[pallet::constant]
		type MaxPoolOrdersPerCategory: Get<u32>;

		/// The most order combinations one automatic match may try without
		/// making a deal (it also considers at most this many plus
		/// `MaxDealsPerPublish` workerpool orders).
		#[pallet::constant]
		type MaxMatchCandidates: Get<u32>;

		/// The most deals one automatic match makes.
		#[pallet::constant]
		type MaxDealsPerPublish: Get<u32>;

		/// How many blocks a request with volume left rests in the book
		/// before it expires.
		#[pallet::constant]
		type RequestLifetime: Get<BlockNumberFor<Self>>;

		/// The most requests resting per category.
		#[pallet::constant]
		type MaxRestingPerCategory: Get<u32>;

		/// The most requests expiring at one block (a full block pushes a
		/// request's expiry up to `EXPIRY_SPREAD - 1` blocks later).
		#[pallet::constant]
		type MaxExpiriesPerBlock: Get<u32>;

		/// How far ahead of the current block an order may expire when it is
		/// matched, presigned, published or cancelled [beyond]: what the
		/// chain remembers of an order lives at most this long, plus
		/// `OrderRetention`.
		#[pallet::constant]
		type MaxOrderLifetime: Get<u32>;

		/// How many blocks after an order expires the chain still keeps its
		/// consumed volume, cancellation and presignature, for clients to
		/// read; then they are pruned. At least 1.
		#[pallet::constant]
		type OrderRetention: Get<u32>;

		/// The most orders unlisted or forgotten at the start of one block.
		#[pallet::constant]
		type MaxPrunesPerBlock: Get<u32>;

		/// The calls' weights.
		type WeightInfo: WeightInfo;

		/// Keys and signatures for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: ect_primitives::benchmarking::BenchmarkHelper<Self::AccountId, Self::Signature>;
	}

	/// The volume of each order already matched into deals.
	#[pallet::storage]
	pub type Consumed<T: Config> = StorageMap<_, Identity, OrderHash, u32, ValueQuery>;

	/// Orders cancelled by their owners; they can never be matched again.
	#[pallet::storage]
	pub type Cancelled<T: Config> = StorageMap<_, Identity, OrderHash, (), OptionQuery>;

	/// Orders presigned on chain, with the owner who presigned them (the
	/// presignature is void if the asset changes hands).
	#[pallet::storage]
	pub type Presigned<T: Config> = StorageMap<_, Identity, OrderHash, T::AccountId, OptionQuery>;

	/// The deals.
	#[pallet::storage]
	pub type Deals<T: Config> = StorageMap<_, Identity, DealId, DealOf<T>, OptionQuery>;

	/// The deals of each workerpool (an index of [`Deals`]): what its
	/// scheduler's view (`PocoApi::scheduler_todo`) walks instead of every
	/// deal on chain. An entry lives as long as its deal.
	#[pallet::storage]
	pub type DealsByPool<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ect_primitives::WorkerpoolId, Identity, DealId, (), OptionQuery>;

	/// The order book: published orders.
	#[pallet::storage]
	pub type Book<T: Config> = StorageMap<_, Identity, OrderHash, PublishedOf<T>, OptionQuery>;

	/// Published orders by asset: offers by their asset, requests by their
	/// app and (if they name one) their dataset.
	#[pallet::storage]
	pub type OrdersByAsset<T: Config> =
		StorageMap<_, Blake2_128Concat, AssetRef, BoundedVec<OrderHash, T::MaxOrdersPerAsset>, ValueQuery>;

	/// Published workerpool orders by category, cheapest first.
	#[pallet::storage]
	pub type PoolOrdersByCategory<T: Config> = StorageMap<
		_,
		Twox64Concat,
		CategoryId,
		BoundedVec<(BalanceOf<T>, OrderHash), T::MaxPoolOrdersPerCategory>,
		ValueQuery,
	>;

	/// Requests resting in the book (published, with volume left): the
	/// requester's price weight and the block they expire at.
	#[pallet::storage]
	pub type RestingRequests<T: Config> =
		StorageMap<_, Identity, OrderHash, Resting<BlockNumberFor<T>>, OptionQuery>;

	/// Resting requests by category, highest workerpool max price first:
	/// the requests a new workerpool order may serve.
	#[pallet::storage]
	pub type RestingByCategory<T: Config> = StorageMap<
		_,
		Twox64Concat,
		CategoryId,
		BoundedVec<(BalanceOf<T>, OrderHash), T::MaxRestingPerCategory>,
		ValueQuery,
	>;

	/// The resting requests that expire at the start of a block.
	#[pallet::storage]
	pub type Expiries<T: Config> =
		StorageMap<_, Twox64Concat, BlockNumberFor<T>, BoundedVec<OrderHash, T::MaxExpiriesPerBlock>, ValueQuery>;

	/// What is due for orders at the start of a block [beyond]: published
	/// offers leave the book at their expiry, and what the chain remembers
	/// of an order is forgotten `OrderRetention` blocks after it.
	#[pallet::storage]
	pub type OrderPrunes<T: Config> = StorageDoubleMap<_, Twox64Concat, u32, Identity, OrderHash, Prune, OptionQuery>;

	/// The first block of [`OrderPrunes`] not yet fully carried out.
	#[pallet::storage]
	pub type PruneCursor<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Whether new deals are made.
	#[pallet::storage]
	pub type Mode<T: Config> = StorageValue<_, OperatingMode, ValueQuery>;

	/// Events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A deal was made: `volume` tasks from `first_index` of `request`.
		DealCreated {
			deal: DealId,
			request: OrderHash,
			app_order: OrderHash,
			dataset_order: Option<OrderHash>,
			workerpool_order: OrderHash,
			requester: T::AccountId,
			scheduler: T::AccountId,
			first_index: u32,
			volume: u32,
		},
		/// An order was presigned on chain.
		OrderPresigned { order: OrderHash, kind: OrderKind, owner: T::AccountId },
		/// An order was cancelled.
		OrderCancelled { order: OrderHash, kind: OrderKind },
		/// An order was published in the order book.
		OrderPublished { order: OrderHash, kind: OrderKind, owner: T::AccountId },
		/// An order left the order book (unpublished, cancelled or fully
		/// consumed); its deposit was returned.
		OrderUnpublished { order: OrderHash },
		/// A published request was matched automatically: `volume` tasks in
		/// `deals` deals, `remaining` still open in the book.
		RequestMatched { request: OrderHash, deals: u32, volume: u32, remaining: u32 },
		/// A published request with volume left rests in the book until
		/// block `expires`; offers published later may match it.
		RequestResting { request: OrderHash, expires: BlockNumberFor<T> },
		/// A resting request expired: it left the book and its deposit was
		/// returned.
		RequestExpired { request: OrderHash },
		/// A published offer expired: it left the book and its deposit was
		/// returned.
		OfferExpired { order: OrderHash },
		/// Governance changed the operating mode.
		OperatingModeChanged { mode: OperatingMode },
	}

	/// Why a call was refused; nothing changed.
	#[pallet::error]
	pub enum Error<T> {
		/// The market is halted by governance: no new deal.
		MarketHalted,
		/// The app is not registered.
		UnknownApp,
		/// The dataset is not registered.
		UnknownDataset,
		/// The workerpool is not registered.
		UnknownWorkerpool,
		/// The category does not exist.
		UnknownCategory,
		/// The app was revoked from the app store.
		AppRevoked,
		/// The order's signature does not verify against its owner, and it
		/// was not presigned by its owner.
		BadSignature(OrderKind),
		/// The order was cancelled.
		OrderCancelled(OrderKind),
		/// The order has no volume left.
		OrderConsumed(OrderKind),
		/// The request names another app than the app order's.
		AppMismatch,
		/// The request's dataset and the dataset order (or its absence) differ.
		DatasetMismatch,
		/// The request's category is not the workerpool order's.
		CategoryMismatch,
		/// The request asks for more trust than the workerpool order offers.
		TrustTooHigh,
		/// The app order's price is above the request's app max price.
		AppPriceTooHigh,
		/// The dataset order's price is above the request's dataset max price.
		DatasetPriceTooHigh,
		/// The workerpool order's price is above the request's workerpool max price.
		WorkerpoolPriceTooHigh,
		/// The deal's tag has a feature the workerpool order's tag lacks.
		TagNotSupported,
		/// The TEE bit is asked for, but not by the app order.
		TeeNotFromApp,
		/// The workerpool order's capabilities miss a requirement of the app or the request.
		RequirementsNotMet,
		/// The app order does not allow this dataset.
		AppOrderRestrictsDataset,
		/// The app order does not allow this workerpool.
		AppOrderRestrictsWorkerpool,
		/// The app order does not allow this requester.
		AppOrderRestrictsRequester,
		/// The dataset order does not allow this app.
		DatasetOrderRestrictsApp,
		/// The dataset order does not allow this workerpool.
		DatasetOrderRestrictsWorkerpool,
		/// The dataset order does not allow this requester.
		DatasetOrderRestrictsRequester,
		/// The workerpool order does not allow this app.
		WorkerpoolOrderRestrictsApp,
		/// The workerpool order does not allow this dataset.
		WorkerpoolOrderRestrictsDataset,
		/// The workerpool order does not allow this requester.
		WorkerpoolOrderRestrictsRequester,
		/// The request asks for another workerpool.
		RequestRestrictsWorkerpool,
		/// The total price or a stake overflows the balance type.
		PriceOverflow,
		/// The requester cannot lock the payment for the deal's volume.
		RequesterCannotPay,
		/// The scheduler cannot lock its stake for the deal's volume.
		SchedulerCannotStake,
		/// The caller does not own the order (asset owner, or requester).
		NotOrderOwner,
		/// The order is already presigned.
		AlreadyPresigned,
		/// The order is already cancelled.
		AlreadyCancelled,
		/// The order is already in the order book.
		AlreadyPublished,
		/// The order is not in the order book.
		NotPublished,
		/// `publish_offer` takes app, dataset or workerpool orders; requests
		/// go through `publish_request`.
		NotAnOffer,
		/// The order book is full for this asset or category.
		OrderBookFull,
		/// The order has a volume of zero.
		ZeroVolume,
		/// The caller cannot pay the published order's storage deposit.
		CannotPayDeposit,
		/// Too many requests already rest in this category.
		TooManyResting,
		/// Every block a request could expire at is full of expiries.
		TooManyExpiries,
		/// The order expired: its `expires` block has been reached.
		OrderExpired(OrderKind),
		/// The order expires more than `MaxOrderLifetime` blocks ahead.
		ExpiryTooFar(OrderKind),
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Expires the requests due at this block, returning their deposits,
		/// then carries out the order prunes due ([`lifetime`]).
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let expired = <T as Config>::WeightInfo::expire_requests(Self::expire_requests(now));
			let pruned = Self::prune(now);
			expired.saturating_add(<T as Config>::WeightInfo::prune(pruned.slots, pruned.orders))
		}

		/// `OrderRetention` must be at least 1 (an offer's unlisting at its
		/// expiry and its state's forgetting after it are two entries of
		/// [`OrderPrunes`]), and pruning must make progress.
		fn integrity_test() {
			assert!(T::OrderRetention::get() >= 1, "OrderRetention must be at least one block");
			assert!(T::MaxPrunesPerBlock::get() >= 1, "MaxPrunesPerBlock must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Matches an app order, an optional dataset order, a workerpool order
		/// and a request order into a deal of `min(remaining volumes)` tasks,
		/// locking the requester's payment and the scheduler's stake.
		/// Anyone may call it; each order is authorised by its owner's
		/// signature or presignature.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::match_orders())]
		pub fn match_orders(
			origin: OriginFor<T>,
			app_order: SignedOf<AppOrderOf<T>, T>,
			dataset_order: Option<SignedOf<DatasetOrderOf<T>, T>>,
			workerpool_order: SignedOf<WorkerpoolOrderOf<T>, T>,
			request_order: SignedOf<RequestOrderOf<T>, T>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_match_orders(&app_order, dataset_order.as_ref(), &workerpool_order, &request_order)
				.map(|_| ())
		}

		/// Presigns an order on chain; the caller must be its owner.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::presign())]
		pub fn presign(origin: OriginFor<T>, order: OrderOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_presign(&who, &order)
		}

		/// Cancels an order (and takes it out of the order book); the caller
		/// must be its owner.
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, order: OrderOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(&who, &order)
		}

		/// Publishes an app, dataset or workerpool order in the order book,
		/// holding the order deposit; the caller must be its owner (or its
		/// pool's operator). The offer is matched at once with the resting
		/// requests it can serve, best-paying first, within the bounds of an
		/// automatic match; the call is charged for the walk it did.
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::publish_offer(
			T::MaxMatchCandidates::get(),
			T::MaxDealsPerPublish::get(),
		))]
		pub fn publish_offer(origin: OriginFor<T>, order: OrderOf<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let (_, walk) = Self::do_publish_offer(&who, order)?;
			Ok(Some(<T as Config>::WeightInfo::publish_offer(walk.failed, walk.deals)).into())
		}

		/// Publishes a request order and matches it at once with the best
		/// published offers. `price_weight` is how much the total price
		/// counts against workerpool reputation (100%: price only, ties
		/// broken by reputation). Unmatched volume rests in the book until
		/// matched by a later offer or expired.
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::publish_request(
			T::MaxMatchCandidates::get(),
			T::MaxDealsPerPublish::get(),
		))]
		pub fn publish_request(
			origin: OriginFor<T>,
			order: RequestOrderOf<T>,
			price_weight: Percent,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let (_, walk) = Self::do_publish_request(&who, order, price_weight)?;
			Ok(Some(<T as Config>::WeightInfo::publish_request(walk.failed, walk.deals)).into())
		}

		/// Takes a published order out of the order book and returns its
		/// deposit; the caller must have published it.
		#[pallet::call_index(5)]
		#[pallet::weight(<T as Config>::WeightInfo::unpublish())]
		pub fn unpublish(origin: OriginFor<T>, order: OrderHash) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unpublish(&who, order)
		}

		/// Sets the operating mode (governance only).
		#[pallet::call_index(6)]
		#[pallet::weight(<T as Config>::WeightInfo::set_operating_mode())]
		pub fn set_operating_mode(origin: OriginFor<T>, mode: OperatingMode) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Mode::<T>::put(mode);
			Self::deposit_event(Event::OperatingModeChanged { mode });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The current time in unix milliseconds.
		pub fn now_ms() -> u64 {
			u64::try_from(T::Time::now().as_millis()).unwrap_or(u64::MAX)
		}

		/// Fails with [`Error::MarketHalted`] unless the market takes deals.
		pub(crate) fn ensure_open() -> DispatchResult {
			ensure!(Mode::<T>::get() == OperatingMode::Normal, Error::<T>::MarketHalted);
			Ok(())
		}
	}
}
