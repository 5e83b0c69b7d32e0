//! The upgrade fixture (feature `upgrade-fixture`): this runtime with a
//! `spec_version` one higher and one more migration, [`TagCategories`]. It
//! is what `scripts/build-upgrade-fixture.sh` builds for the forkless
//! upgrade test (`tests/e2e/tests/runtime_upgrade.rs`): a second runtime a
//! council motion can upgrade a running chain to, whose migration leaves a
//! mark in the state. Never part of a released runtime.

use crate::Runtime;
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_support::{traits::OnRuntimeUpgrade, weights::Weight, BoundedVec},
	frame_system,
};

/// What [`TagCategories`] appends to every category's description.
pub const MARK: &[u8] = b" [migrated]";

/// Appends [`MARK`] to the description of every task category (cut to the
/// description's bound if it would be longer).
pub struct TagCategories;

impl OnRuntimeUpgrade for TagCategories {
	fn on_runtime_upgrade() -> Weight {
		let mut count: u64 = 0;
		pallet_ect_registry::Categories::<Runtime>::translate_values::<pallet_ect_registry::CategoryOf<Runtime>, _>(
			|mut category| {
				let mut description: Vec<u8> = category.description.into_inner();
				description.extend_from_slice(MARK);
				category.description = BoundedVec::truncate_from(description);
				count = count.saturating_add(1);
				Some(category)
			},
		);
		<Runtime as frame_system::Config>::DbWeight::get().reads_writes(count, count)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
		use codec::Encode;
		let count = u32::try_from(pallet_ect_registry::Categories::<Runtime>::iter_keys().count()).unwrap_or(u32::MAX);
		Ok(count.encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use codec::Decode;
		let before = u32::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
		let tagged = pallet_ect_registry::Categories::<Runtime>::iter_values()
			.filter(|category| category.description.ends_with(MARK))
			.count();
		polkadot_sdk::frame_support::ensure!(
			u32::try_from(tagged).unwrap_or(u32::MAX) == before,
			"a category is not tagged"
		);
		Ok(())
	}
}
