//! Batch calls [beyond]: many items in one extrinsic, each validated and
//! applied on its own; their certifications' payouts are settled together
//! at the end ([`crate::settlement`]).

use crate::{settlement::Settlement, BatchKind, Config, Event, Pallet, WorkItemOf};
use polkadot_sdk::{
	frame_support::{storage::with_storage_layer, traits::Get, weights::Weight, BoundedVec},
	sp_runtime::DispatchError,
};

impl<T: Config> Pallet<T> {
	/// Applies `apply` to each item in its own storage layer: a failing item
	/// changes nothing (its payouts are forgotten too) and is reported, the
	/// others take effect; then settles the payouts the items wrote down.
	/// Returns the batch's weight: what `apply` says a success weighed,
	/// `worst` of a failure, adjusted for the settlement
	/// ([`Pallet::settled_weight`]) and at most the sum of the worst cases.
	/// Fails only if the settlement does, which the checks when each payout
	/// was written down rule out.
	pub(crate) fn run_batch<Item, Bound: Get<u32>>(
		kind: BatchKind,
		items: BoundedVec<Item, Bound>,
		worst: impl Fn(&Item) -> Weight,
		mut apply: impl FnMut(Item, &mut Settlement<T>) -> Result<Weight, DispatchError>,
	) -> Result<Weight, DispatchError> {
		let (mut succeeded, mut failed) = (0u32, 0u32);
		let (mut weight, mut declared) = (Weight::zero(), Weight::zero());
		let mut settlement = Settlement::default();
		for (index, item) in items.into_iter().enumerate() {
			let item_worst = worst(&item);
			declared = declared.saturating_add(item_worst);
			let mark = settlement.mark();
			match with_storage_layer(|| apply(item, &mut settlement)) {
				Ok(actual) => {
					succeeded = succeeded.saturating_add(1);
					weight = weight.saturating_add(actual.min(item_worst));
				},
				Err(error) => {
					settlement.rollback(mark);
					failed = failed.saturating_add(1);
					weight = weight.saturating_add(item_worst);
					// A bounded vector's index fits in u32.
					let index = u32::try_from(index).unwrap_or(u32::MAX);
					Self::deposit_event(Event::BatchItemFailed { kind, index, error });
				},
			}
		}
		let settled = settlement.settle()?;
		Self::deposit_event(Event::BatchCompleted { kind, succeeded, failed });
		Ok(Self::settled_weight(weight, &settled).min(declared))
	}

	/// One `work_batch` item by `worker`, its payouts written down in
	/// `settlement`; its actual weight.
	pub(crate) fn do_work_item(
		worker: &T::AccountId,
		item: WorkItemOf<T>,
		settlement: &mut Settlement<T>,
	) -> Result<Weight, DispatchError> {
		match item {
			WorkItemOf::<T>::Contribute(args) => Self::do_contribute(worker, args).map(Self::contribute_actual),
			WorkItemOf::<T>::Reveal { task, digest } =>
				Self::do_reveal(worker, task, digest).map(|_| Self::reveal_declared()),
			WorkItemOf::<T>::ContributeAndFinalize { contribution, digest, results, results_callback } =>
				Self::do_contribute_and_finalize(worker, contribution, digest, results, results_callback, settlement)
					.map(Self::contribute_and_finalize_actual),
			WorkItemOf::<T>::RevealAndFinalize { task, digest, results, results_callback } =>
				Self::do_reveal_and_finalize(worker, task, digest, results, results_callback, settlement)
					.map(Self::reveal_and_finalize_actual),
		}
	}
}
