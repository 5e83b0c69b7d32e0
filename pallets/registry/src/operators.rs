//! Workerpool operator keys: the key a pool's owner names to act as the
//! pool's scheduler, so that the owner's key — which holds the pool's deposit
//! and stakes — never needs to sit on the scheduler's host.

use crate::{Config, Error, Event, Operators, Pallet, WorkerpoolId, Workerpools};
use polkadot_sdk::frame_support::{dispatch::DispatchResult, ensure};

impl<T: Config> Pallet<T> {
	/// Names `operator` (or none) as the operator of `workerpool`, which
	/// `owner` must own.
	pub fn do_set_operator(owner: &T::AccountId, workerpool: WorkerpoolId, operator: Option<T::AccountId>) -> DispatchResult {
		let pool = Workerpools::<T>::get(workerpool).ok_or(Error::<T>::UnknownWorkerpool)?;
		Self::ensure_owner(&pool.owner, owner)?;
		ensure!(operator.as_ref() != Some(owner), Error::<T>::OperatorIsOwner);
		Operators::<T>::set(workerpool, operator.clone());
		Self::deposit_event(Event::OperatorSet { workerpool, operator });
		Ok(())
	}

	/// Drops the operator of `workerpool` when the pool changes hands or
	/// goes (a new owner names its own).
	pub(crate) fn drop_operator(workerpool: WorkerpoolId) {
		if Operators::<T>::take(workerpool).is_some() {
			Self::deposit_event(Event::OperatorSet { workerpool, operator: None });
		}
	}
}
