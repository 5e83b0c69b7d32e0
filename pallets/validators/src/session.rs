//! What `pallet-session` asks of this pallet: the next validator set
//! (`SessionManager`), when a session ends (`ShouldEndSession`) and when
//! the next one will (`EstimateNextSessionRotation`).
//!
//! Sessions end at each multiple of [`SessionLength`]: session `n` covers
//! blocks `n × length` to `(n + 1) × length - 1` on a chain whose length
//! never changed.

use crate::{Config, Event, Pallet, SessionLength, SetChanged, Validators};
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_support::{traits::{EstimateNextSessionRotation, Get}, weights::Weight},
	frame_system::pallet_prelude::BlockNumberFor,
	pallet_session::{SessionManager, ShouldEndSession},
	sp_runtime::{
		traits::{One, Saturating, Zero},
		Permill,
	},
};

impl<T: Config> Pallet<T> {
	/// The session length, never 0.
	fn length() -> BlockNumberFor<T> {
		SessionLength::<T>::get().max(One::one())
	}

	/// How many blocks of the current session have passed at block `now`,
	/// counting `now` itself (1 to the length).
	fn elapsed(now: BlockNumberFor<T>) -> BlockNumberFor<T> {
		(now % Self::length()).saturating_add(One::one())
	}
}

impl<T: Config> SessionManager<T::AccountId> for Pallet<T> {
	/// The set, if governance changed it since the last session was
	/// planned; `None` keeps the current one.
	fn new_session(new_index: u32) -> Option<Vec<T::AccountId>> {
		if !SetChanged::<T>::take() {
			return None;
		}
		let set = Validators::<T>::get().into_inner();
		let count = u32::try_from(set.len()).unwrap_or(u32::MAX);
		Self::deposit_event(Event::SetPlanned { session: new_index, count });
		Some(set)
	}

	/// The genesis set: always [`Validators`].
	fn new_session_genesis(_: u32) -> Option<Vec<T::AccountId>> {
		Some(Validators::<T>::get().into_inner())
	}

	fn end_session(_: u32) {}

	fn start_session(_: u32) {}
}

impl<T: Config> ShouldEndSession<BlockNumberFor<T>> for Pallet<T> {
	fn should_end_session(now: BlockNumberFor<T>) -> bool {
		(now % Self::length()).is_zero()
	}
}

impl<T: Config> EstimateNextSessionRotation<BlockNumberFor<T>> for Pallet<T> {
	fn average_session_length() -> BlockNumberFor<T> {
		Self::length()
	}

	/// The share of the session passed, counting block `now` as passed.
	fn estimate_current_session_progress(now: BlockNumberFor<T>) -> (Option<Permill>, Weight) {
		let progress = Permill::from_rational(Self::elapsed(now), Self::length());
		(Some(progress), T::DbWeight::get().reads(1))
	}

	/// The next block that ends a session after `now`, assuming `now`'s
	/// own session change (if any) has happened.
	fn estimate_next_session_rotation(now: BlockNumberFor<T>) -> (Option<BlockNumberFor<T>>, Weight) {
		let length = Self::length();
		let next = now.saturating_add(length.saturating_sub(now % length));
		(Some(next), T::DbWeight::get().reads(1))
	}
}
