//! Batch calls [beyond]: many items in one extrinsic, each validated and
//! applied on its own.

use crate::{BatchKind, Config, Event, Pallet};
use polkadot_sdk::{
	frame_support::{storage::with_storage_layer, traits::Get, BoundedVec},
	sp_runtime::DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// Applies `apply` to each item in its own storage layer: a failing item
	/// changes nothing and is reported, the others take effect.
	pub(crate) fn run_batch<Item, Bound: Get<u32>>(
		kind: BatchKind,
		items: BoundedVec<Item, Bound>,
		mut apply: impl FnMut(Item) -> DispatchResult,
	) {
		let (mut succeeded, mut failed) = (0u32, 0u32);
		for (index, item) in items.into_iter().enumerate() {
			match with_storage_layer(|| apply(item)) {
				Ok(()) => succeeded = succeeded.saturating_add(1),
				Err(error) => {
					failed = failed.saturating_add(1);
					// A bounded vector's index fits in u32.
					let index = u32::try_from(index).unwrap_or(u32::MAX);
					Self::deposit_event(Event::BatchItemFailed { kind, index, error });
				},
			}
		}
		Self::deposit_event(Event::BatchCompleted { kind, succeeded, failed });
	}
}
