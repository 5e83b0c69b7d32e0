//! Batch calls [beyond]: many items in one extrinsic, each validated and
//! applied on its own.

use crate::{BatchKind, Config, Event, Pallet, WorkItemOf};
use polkadot_sdk::{
	frame_support::{storage::with_storage_layer, traits::Get, weights::Weight, BoundedVec},
	sp_runtime::DispatchError,
};

impl<T: Config> Pallet<T> {
	/// Applies `apply` to each item in its own storage layer: a failing item
	/// changes nothing and is reported, the others take effect. Returns the
	/// items' weight: what `apply` says a success weighed, `worst` of a
	/// failure.
	pub(crate) fn run_batch<Item, Bound: Get<u32>>(
		kind: BatchKind,
		items: BoundedVec<Item, Bound>,
		worst: impl Fn(&Item) -> Weight,
		mut apply: impl FnMut(Item) -> Result<Weight, DispatchError>,
	) -> Weight {
		let (mut succeeded, mut failed) = (0u32, 0u32);
		let mut weight = Weight::zero();
		for (index, item) in items.into_iter().enumerate() {
			let item_worst = worst(&item);
			match with_storage_layer(|| apply(item)) {
				Ok(actual) => {
					succeeded = succeeded.saturating_add(1);
					weight = weight.saturating_add(actual.min(item_worst));
				},
				Err(error) => {
					failed = failed.saturating_add(1);
					weight = weight.saturating_add(item_worst);
					// A bounded vector's index fits in u32.
					let index = u32::try_from(index).unwrap_or(u32::MAX);
					Self::deposit_event(Event::BatchItemFailed { kind, index, error });
				},
			}
		}
		Self::deposit_event(Event::BatchCompleted { kind, succeeded, failed });
		weight
	}

	/// One `work_batch` item by `worker`; its actual weight.
	pub(crate) fn do_work_item(worker: &T::AccountId, item: WorkItemOf<T>) -> Result<Weight, DispatchError> {
		match item {
			WorkItemOf::<T>::Contribute(args) => Self::do_contribute(worker, args).map(Self::contribute_actual),
			WorkItemOf::<T>::Reveal { task, digest } =>
				Self::do_reveal(worker, task, digest).map(|_| Self::reveal_declared()),
			WorkItemOf::<T>::ContributeAndFinalize { contribution, digest, results, results_callback } =>
				Self::do_contribute_and_finalize(worker, contribution, digest, results, results_callback)
					.map(Self::contribute_and_finalize_actual),
			WorkItemOf::<T>::RevealAndFinalize { task, digest, results, results_callback } =>
				Self::do_reveal_and_finalize(worker, task, digest, results, results_callback)
					.map(Self::reveal_and_finalize_actual),
		}
	}
}
