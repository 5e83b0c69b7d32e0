//! # Bridge pallet
//!
//! The sidechain half of the Ethereum bridge (`bridge.md`): Ethereum dapps
//! buy tasks with ether and get the certified results back in a contract
//! call; ether moves both ways.
//!
//! ## Roles
//!
//! - **Governance** ([`Config::GovernanceOrigin`]):
//!   [`Pallet::set_relayers`] (the relayer set and its threshold M of N, a
//!   majority), [`Pallet::set_operating_mode`].
//! - **Relayers**: [`Pallet::attest`] the bridge contract's logs (task
//!   requests with payment, deposits), each named by the contract's event
//!   nonce and seen at a block number, block hash and log index. A relayer
//!   pays nothing for a vote that counts.
//! - **Anyone with bridged funds**: [`Pallet::withdraw`] them to an Ethereum
//!   account.
//!
//! ## Inbound: exactly once, at the threshold
//!
//! An event executes when `threshold` relayers of the current set attested
//! the same version of it (same hash) within [`Config::AttestationTtl`]
//! blocks of each vote; votes older than that, or cast under an earlier
//! relayer set, no longer count, and their relayer may vote again. An
//! executed nonce is marked in a bitmap and any later attestation of it is
//! refused ([`Error::AlreadyExecuted`]): replays do nothing.
//!
//! - A **request** mints the bridged payment (wei / [`Config::WeiPerUnit`])
//!   into an account of its own, derived from the nonce, which publishes a
//!   one-task request order with the Ethereum callback and matches it at
//!   once against the order book. If no deal is made (no offer, payment too
//!   small, unknown app…), nothing of it stays and the payment goes back
//!   to the payer on Ethereum (a refund message).
//! - A **deposit** mints the bridged ether into the named account (or sends
//!   it back if it cannot).
//!
//! ## Outbound: one Merkle root per block
//!
//! When a bridged deal's task is certified (PoCo's [`ResultCallback`]), the
//! unspent rest of its payment is burnt and a **result** message (callback
//! bytes, refund of the rest) is queued; when it fails past its deadline,
//! the whole refund is burnt and a **refund** message is queued, so the
//! payer is refunded on Ethereum, not on the sidechain. A **withdrawal**
//! burns bridged funds for ether. Messages queued in a block are committed at
//! the start of the next one (at most [`Config::MaxMessagesPerBlock`]) into
//! a Merkle root ([`Commitments`]); the relayers confirm the root on
//! Ethereum, where the contract executes each message once against its
//! proof ([`runtime_api::BridgeApi`]).
//!
//! ## Money
//!
//! [`Bridged`] is what was minted against ether and not yet burnt: nobody
//! can withdraw more, so the contract's ether always covers the messages.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod abi;
mod inbound;
mod invariants;
pub mod migrations;
pub mod merkle;
mod outbound;
mod request;
pub mod runtime_api;
pub mod types;
pub use types::*;
pub mod weights;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

use ect_primitives::{CallbackTarget, DealId, RequestMarket, ResultCallback, TaskId};
use polkadot_sdk::{frame_support, frame_system};

/// The native balance type.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;
/// The bound of a bridged request's task parameters: the marketplace's.
pub type ParamsLenOf<T> =
	<<T as Config>::Market as RequestMarket<<T as frame_system::Config>::AccountId, BalanceOf<T>>>::ParamsLen;
/// An inbound event in this runtime.
pub type InboundEventOf<T> =
	InboundEvent<<T as frame_system::Config>::AccountId, ParamsLenOf<T>>;
/// An inbound event's body in this runtime.
pub type InboundBodyOf<T> =
	InboundBody<<T as frame_system::Config>::AccountId, ParamsLenOf<T>>;
/// An outbound message in this runtime.
pub type OutboundMessageOf<T> = OutboundMessage<<T as Config>::MaxCallbackLen>;
/// A relayer's vote in this runtime.
pub type VoteOf<T> = Vote<<T as frame_system::Config>::AccountId, frame_system::pallet_prelude::BlockNumberFor<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use ect_primitives::DealProvider;
	use frame_support::{dispatch::PostDispatchInfo, pallet_prelude::*, traits::fungible, PalletId};
	use frame_system::pallet_prelude::*;
	use polkadot_sdk::sp_core::H256;

	/// The layout of the pallet's storage; [`migrations`] moves it forward.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// What the pallet needs from the runtime.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: bridged ether is minted into it and burnt out of it.
		type Currency: fungible::Mutate<Self::AccountId>;

		/// The origin that sets the relayers and halts the bridge.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Where bridged requests are published and matched.
		type Market: RequestMarket<Self::AccountId, BalanceOf<Self>>;

		/// The deals bridged requests became.
		type Deals: DealProvider<Self::AccountId, BalanceOf<Self>>;

		/// The longest callback bytes a result message carries (PoCo's bound
		/// on certified callback bytes).
		#[pallet::constant]
		type MaxCallbackLen: Get<u32>;

		/// The id the bridged requests' accounts derive from.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The most relayers.
		#[pallet::constant]
		type MaxRelayers: Get<u32>;

		/// How many blocks a relayer's vote counts.
		#[pallet::constant]
		type AttestationTtl: Get<BlockNumberFor<Self>>;

		/// The most messages committed under one block's root.
		#[pallet::constant]
		type MaxMessagesPerBlock: Get<u32>;

		/// Wei per smallest sidechain unit (10^6: ether has 18 decimals, ECT 12).
		#[pallet::constant]
		type WeiPerUnit: Get<u128>;

		/// The calls' weights.
		type WeightInfo: WeightInfo;

		/// The registry, to register the app and category the request
		/// benchmark buys.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkRegistry: ect_primitives::AssetRegistry<Self::AccountId>;
	}

	/// The relayer set.
	#[pallet::storage]
	pub type Relayers<T: Config> = StorageValue<_, BoundedVec<T::AccountId, T::MaxRelayers>, ValueQuery>;

	/// How many relayers must attest an event (M of N).
	#[pallet::storage]
	pub type Threshold<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Bumped at each new relayer set: older votes no longer count.
	#[pallet::storage]
	pub type Epoch<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The live votes on each inbound event nonce not executed yet.
	#[pallet::storage]
	pub type Votes<T: Config> = StorageMap<_, Twox64Concat, u64, BoundedVec<VoteOf<T>, T::MaxRelayers>, ValueQuery>;

	/// The executed inbound nonces, 128 to an entry (bit `n % 128` of entry `n / 128`).
	#[pallet::storage]
	pub type Executed<T: Config> = StorageMap<_, Twox64Concat, u64, u128, ValueQuery>;

	/// The bridged deals not settled yet (one task each).
	#[pallet::storage]
	pub type BridgedDeals<T: Config> =
		StorageMap<_, Identity, DealId, BridgedRequest<T::AccountId, BalanceOf<T>>, OptionQuery>;

	/// Minted against bridged ether, not burnt yet and not held for an open
	/// bridged deal: the most that can be withdrawn.
	#[pallet::storage]
	pub type Bridged<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Outbound messages by nonce, queued or committed.
	#[pallet::storage]
	pub type Messages<T: Config> = StorageMap<_, Twox64Concat, u64, OutboundMessageOf<T>, OptionQuery>;

	/// The next outbound nonce (the first is 1).
	#[pallet::storage]
	pub type NextMessage<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// The first outbound nonce not committed yet.
	#[pallet::storage]
	pub type NextUncommitted<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// Each block's committed messages and their root.
	#[pallet::storage]
	pub type Commitments<T: Config> = StorageMap<_, Twox64Concat, BlockNumberFor<T>, Commitment, OptionQuery>;

	/// Whether the bridge takes attestations and withdrawals.
	#[pallet::storage]
	pub type Mode<T: Config> = StorageValue<_, OperatingMode, ValueQuery>;

	/// Genesis: the first relayer set.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The relayers.
		pub relayers: alloc::vec::Vec<T::AccountId>,
		/// Their threshold (0: none set).
		pub threshold: u32,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if !self.relayers.is_empty() {
				Pallet::<T>::do_set_relayers(self.relayers.clone(), self.threshold)
					.expect("the genesis relayer set is valid");
			}
		}
	}

	/// Events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A new relayer set.
		RelayersSet { relayers: BoundedVec<T::AccountId, T::MaxRelayers>, threshold: u32, epoch: u32 },
		/// The operating mode changed.
		OperatingModeChanged { mode: OperatingMode },
		/// A relayer attested an event; `votes` is that version's live count.
		Attested { nonce: u64, relayer: T::AccountId, event: H256, votes: u32 },
		/// An event reached the threshold and was executed (once).
		InboundExecuted { nonce: u64, event: H256 },
		/// A bridged request became a deal, funded with `amount`.
		RequestBridged { nonce: u64, deal: DealId, account: T::AccountId, amount: BalanceOf<T> },
		/// A bridged request made no deal: its payment goes back to Ethereum.
		RequestRefused { nonce: u64, error: DispatchError },
		/// Bridged ether was credited to `account`.
		Deposited { nonce: u64, account: T::AccountId, amount: BalanceOf<T> },
		/// A deposit could not be credited: its ether goes back to the sender.
		DepositRefused { nonce: u64, error: DispatchError },
		/// `who` burnt `amount` for ether to `recipient`.
		WithdrawalQueued { who: T::AccountId, recipient: EthAddress, amount: BalanceOf<T> },
		/// An outbound message was queued.
		MessageQueued { nonce: u64, kind: MessageKind, request: u64, amount: u128 },
		/// Messages `first .. first + count` were committed under `root`.
		MessagesCommitted { block: BlockNumberFor<T>, root: H256, first: u64, count: u32 },
	}

	/// Why a call was refused; nothing changed.
	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a relayer of the current set.
		NotRelayer,
		/// The event's nonce was executed already (a replay).
		AlreadyExecuted,
		/// The relayer has a live vote on this nonce already.
		AlreadyAttested,
		/// The threshold must be a majority of the set, and at most its size.
		BadThreshold,
		/// A relayer appears twice.
		DuplicateRelayer,
		/// The set has more than `MaxRelayers` relayers.
		TooManyRelayers,
		/// The bridge is halted.
		Halted,
		/// Nothing to withdraw.
		ZeroAmount,
		/// More than what was bridged in and is not out yet.
		ExceedsBridged,
		/// A wei amount is not a whole number of sidechain units, or overflows.
		BadAmount,
		/// The bridged request matched no offer.
		NoOffer,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Commits what the previous blocks queued (at most `MaxMessagesPerBlock`).
		fn on_initialize(block: BlockNumberFor<T>) -> Weight {
			let count = Self::commit(block);
			<T as Config>::WeightInfo::commit(count)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets the relayer set and its threshold (governance). Votes cast
		/// under the previous set no longer count.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::set_relayers())]
		pub fn set_relayers(
			origin: OriginFor<T>,
			relayers: BoundedVec<T::AccountId, T::MaxRelayers>,
			threshold: u32,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_relayers(relayers.into_inner(), threshold)
		}

		/// A relayer attests an Ethereum event; at the threshold it executes.
		/// Free for the relayer when accepted.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::attest_declared())]
		pub fn attest(origin: OriginFor<T>, event: InboundEventOf<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let done = Self::do_attest(&who, event)?;
			Ok(PostDispatchInfo { actual_weight: Some(Self::attest_actual(done)), pays_fee: Pays::No })
		}

		/// Burns `amount` of the caller's funds for ether paid to `recipient`
		/// on Ethereum; at most what was bridged in ([`Bridged`]).
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>, recipient: EthAddress, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(&who, recipient, amount)
		}

		/// Sets the operating mode (governance).
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::set_operating_mode())]
		pub fn set_operating_mode(origin: OriginFor<T>, mode: OperatingMode) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Mode::<T>::put(mode);
			Self::deposit_event(Event::OperatingModeChanged { mode });
			Ok(())
		}
	}
}

/// Results and failures of bridged deals go back to Ethereum.
impl<T: Config> ResultCallback for Pallet<T> {
	fn on_result(deal: &DealId, task: &TaskId, target: CallbackTarget, data: &[u8]) {
		Self::settle(deal, task, target, Some(data));
	}

	fn on_failure(deal: &DealId, task: &TaskId, target: CallbackTarget) {
		Self::settle(deal, task, target, None);
	}

	fn weight() -> polkadot_sdk::frame_support::weights::Weight {
		<T as Config>::WeightInfo::settle()
	}
}
