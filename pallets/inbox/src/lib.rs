//! # Inbox pallet: certified results delivered to a sidechain dapp
//!
//! A deal may name a callback target (`protocol.md` §9): an Ethereum
//! contract, reached through the bridge, or a runtime hook,
//! `CallbackTarget::Runtime(id)`. The runtime routes each certified result
//! to the receiver its id names; this pallet is the example receiver
//! ([`INBOX`]): it keeps the **last** certified result of each requester
//! ([`LastResult`]: its deal, task and callback bytes) and tells it with an
//! event ([`Event::ResultReceived`]), so that a dapp on this chain reads its
//! result from state, in the same block that certified it, with no
//! off-chain step.
//!
//! ## For other pallets and the runtime
//!
//! It has no calls. The runtime's result router calls
//! [`Pallet::receive`] from PoCo's `ResultCallback` hook (inside `finalize`
//! and its folded forms) with the deal's requester, and declares
//! [`Pallet::receive_weight`] for it. A failed task (claimed) delivers
//! nothing: its requester was refunded by PoCo.
//!
//! ## Bounds
//!
//! One entry per requester, replaced by its next result; the bytes are at
//! most `MaxResultLen` (PoCo's `MaxCallbackLen`): longer ones are not
//! kept (the event says so).

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

pub mod migrations;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

/// The id of this receiver in `CallbackTarget::Runtime(id)`.
pub const INBOX: u32 = 0;

use polkadot_sdk::{frame_support, frame_system};

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use ect_primitives::{DealId, TaskId};
	use frame_support::{pallet_prelude::*, BoundedVec};
	use frame_system::pallet_prelude::*;

	/// The layout of the pallet's storage; [`crate::migrations`] moves it
	/// forward.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// What the pallet needs from the runtime.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The longest result kept, in bytes (PoCo's `MaxCallbackLen`).
		#[pallet::constant]
		type MaxResultLen: Get<u32>;
	}

	/// A certified result as the inbox keeps it.
	#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
	#[scale_info(skip_type_params(T))]
	#[codec(mel_bound())]
	pub struct Delivered<T: Config> {
		/// The deal.
		pub deal: DealId,
		/// The task, certified.
		pub task: TaskId,
		/// Its certified callback bytes (their hash is the task's digest).
		pub data: BoundedVec<u8, T::MaxResultLen>,
		/// The block that certified it.
		pub block: BlockNumberFor<T>,
	}

	/// Each requester's last certified result delivered to the inbox.
	#[pallet::storage]
	pub type LastResult<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Delivered<T>, OptionQuery>;

	/// Events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A certified result of `requester`'s `deal` arrived; `kept` unless
		/// its bytes are longer than `MaxResultLen`.
		ResultReceived { requester: T::AccountId, deal: DealId, task: TaskId, kept: bool },
	}

	impl<T: Config> Pallet<T> {
		/// Delivers the certified `data` of `task` of `requester`'s `deal`:
		/// it becomes the requester's [`LastResult`].
		pub fn receive(requester: &T::AccountId, deal: DealId, task: TaskId, data: &[u8]) {
			let kept = match BoundedVec::try_from(data.to_vec()) {
				Ok(data) => {
					let block = frame_system::Pallet::<T>::block_number();
					LastResult::<T>::insert(requester, Delivered { deal, task, data, block });
					true
				},
				Err(_) => false,
			};
			Self::deposit_event(Event::ResultReceived { requester: requester.clone(), deal, task, kept });
		}

		/// The most [`Self::receive`] costs: one entry written (of at most
		/// `MaxResultLen` bytes) and one event. A storage write's weight plus
		/// a copy of the bytes; no call of this pallet is dispatched, so the
		/// figure is the database weight, not a benchmark.
		pub fn receive_weight() -> Weight {
			let bytes = u64::from(T::MaxResultLen::get()).saturating_add(128);
			T::DbWeight::get().writes(1).saturating_add(Weight::from_parts(bytes.saturating_mul(1_000), bytes))
		}
	}
}
