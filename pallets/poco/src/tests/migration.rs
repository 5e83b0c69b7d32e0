//! The storage migrations (`crate::migrations`): version 0 tasks gain their
//! spot check, nothing else changes, and the step runs once.

use super::*;
use crate::{migrations::v1, Pallet, SpotCheck, TaskStatus, Tasks};
use codec::Encode;
use polkadot_sdk::frame_support::{
	storage::unhashed,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};

#[test]
fn version_0_tasks_gain_an_undrawn_spot_check() {
	run(|| {
		let (_, active) = initialized_task(DealSpec { trust: 4, ..Default::default() });
		let (_, revealing) = initialized_task(DealSpec { trust: 1, salt: 1, ..Default::default() });
		contribute("w1", &active, digest(1));
		contribute("w1", &revealing, digest(1));
		let expected: Vec<_> = [active, revealing].iter().map(|id| Tasks::<Test>::get(id).unwrap().encode()).collect();
		assert_eq!(Tasks::<Test>::get(revealing).unwrap().status, TaskStatus::Revealing);

		// The state as version 0 stored it: each task without its last byte
		// (the spot check, `None`).
		for (id, bytes) in [active, revealing].iter().zip(&expected) {
			assert_eq!(bytes.last(), Some(&0), "SpotCheck::None encodes as one zero byte");
			unhashed::put_raw(&Tasks::<Test>::hashed_key_for(id), &bytes[..bytes.len() - 1]);
			assert!(Tasks::<Test>::get(id).is_none(), "a version 0 task does not decode as version 1");
		}
		StorageVersion::new(0).put::<Pallet<Test>>();

		v1::Migration::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(1));
		for (id, bytes) in [active, revealing].iter().zip(&expected) {
			let task = Tasks::<Test>::get(id).expect("the task decodes again");
			assert_eq!(task.check, SpotCheck::None);
			assert_eq!(&task.encode(), bytes, "nothing else changed");
		}

		// Once at version 1, the step does nothing.
		let before = unhashed::get_raw(&Tasks::<Test>::hashed_key_for(active));
		v1::Migration::<Test>::on_runtime_upgrade();
		assert_eq!(unhashed::get_raw(&Tasks::<Test>::hashed_key_for(active)), before);
	});
}
