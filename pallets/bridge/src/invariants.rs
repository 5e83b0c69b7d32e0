//! The bridge's invariants, checked by `try_state`.

use crate::{BridgedDeals, Config, Messages, NextMessage, NextUncommitted, Pallet};
use ect_primitives::DealProvider;
use polkadot_sdk::{frame_support::ensure, sp_runtime::TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// The invariants: the threshold is a majority of the set; queued
	/// messages are all there; every open bridged deal exists.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let (relayers, threshold) = Self::api_relayers();
		let n = u32::try_from(relayers.len()).unwrap_or(u32::MAX);
		ensure!(n == 0 || (threshold <= n && threshold.saturating_mul(2) > n), "threshold is not a majority");
		let (first, next) = (NextUncommitted::<T>::get().max(1), NextMessage::<T>::get().max(1));
		ensure!(first <= next, "committed past the queue");
		for nonce in first..next {
			ensure!(Messages::<T>::contains_key(nonce), "a queued message is missing");
		}
		for (deal, _) in BridgedDeals::<T>::iter() {
			ensure!(T::Deals::deal(&deal).is_some(), "an open bridged deal does not exist");
		}
		Ok(())
	}
}
