//! Storage migrations of this pallet, one module per storage version step
//! (`v1`, `v2`, ...), each a `VersionedMigration` from version N to N + 1
//! with its `pre_upgrade` / `post_upgrade` checks.
//!
//! [`Unreleased`] is what the runtime's `Migrations` tuple takes from this
//! pallet; a layout change adds its step here, bumps `STORAGE_VERSION` in
//! `lib.rs`, and names the step in [`Unreleased`].

/// The migrations not yet released in a runtime.
pub type Unreleased<T> = (v1::Migration<T>,);

/// Version 1: a task records its spot check ([`crate::Task::check`], last),
/// [`crate::SpotCheck::None`] for every task stored before.
pub mod v1 {
	use crate::{Config, Pallet, SpotCheck, TaskOf, Tasks};
	use alloc::vec::Vec;
	use codec::{Decode, Encode};
	use core::marker::PhantomData;
	use polkadot_sdk::{
		frame_support::{
			migrations::VersionedMigration,
			traits::{Get, UncheckedOnRuntimeUpgrade},
			weights::Weight,
		},
		frame_system,
	};
	#[cfg(feature = "try-runtime")]
	use polkadot_sdk::sp_runtime::TryRuntimeError;

	/// A task as version 0 stored it: the encoding of a version 1 task
	/// without its last field.
	pub struct V0Task(pub Vec<u8>);

	impl Decode for V0Task {
		fn decode<I: codec::Input>(input: &mut I) -> Result<Self, codec::Error> {
			let length = input.remaining_len()?.ok_or("a stored task's length is known")?;
			let mut bytes = alloc::vec![0u8; length];
			input.read(&mut bytes)?;
			Ok(Self(bytes))
		}
	}

	/// The version 1 task of a version 0 one: its bytes and the encoding of
	/// [`SpotCheck::None`] appended.
	pub fn upgraded<T: Config>(old: V0Task) -> Option<TaskOf<T>> {
		let mut bytes = old.0;
		bytes.extend(SpotCheck::None.encode());
		TaskOf::<T>::decode(&mut &bytes[..]).ok()
	}

	/// Appends the spot check to every stored task. One pass over
	/// [`Tasks`], which holds the live tasks and those of deals within
	/// their retention only.
	pub struct AppendSpotCheck<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for AppendSpotCheck<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			Tasks::<T>::translate_values::<V0Task, _>(|old| {
				count = count.saturating_add(1);
				upgraded::<T>(old)
			});
			T::DbWeight::get().reads_writes(count, count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			Ok((Tasks::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let before = u64::decode(&mut &state[..]).map_err(|_| "the pre-upgrade count decodes")?;
			let mut after = 0u64;
			for task in Tasks::<T>::iter_values() {
				polkadot_sdk::frame_support::ensure!(task.check == SpotCheck::None, "an upgraded task was drawn");
				after = after.saturating_add(1);
			}
			polkadot_sdk::frame_support::ensure!(before == after, "the migration lost tasks");
			Ok(())
		}
	}

	/// The step from storage version 0 to 1.
	pub type Migration<T> =
		VersionedMigration<0, 1, AppendSpotCheck<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
