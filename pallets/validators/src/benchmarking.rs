//! Benchmarks of every call, each in its worst case: a set one short of
//! full (add) or full (remove, of the first member, so that every other
//! one moves).

use crate::*;
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_support::{traits::{EnsureOrigin, Get}, BoundedVec},
	frame_system::{self, pallet_prelude::BlockNumberFor},
};

const SEED: u32 = 0;

/// `count` validators, sorted, each with registered keys.
fn fill<T: Config>(count: u32) -> Vec<T::AccountId> {
	let mut set: Vec<T::AccountId> = (0..count).map(|i| account("validator", i, SEED)).collect();
	set.sort();
	set.iter().for_each(T::BenchmarkHelper::register_keys);
	Validators::<T>::put(BoundedVec::truncate_from(set.clone()));
	set
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let existing = fill::<T>(T::MaxValidators::get().saturating_sub(1));
		let who: T::AccountId = account("candidate", u32::MAX, SEED);
		T::BenchmarkHelper::register_keys(&who);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(Validators::<T>::get().contains(&who));
		assert_eq!(Validators::<T>::get().len(), existing.len().saturating_add(1));
		Ok(())
	}

	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let set = fill::<T>(T::MaxValidators::get());
		// The first: every other entry moves.
		let who = set.first().cloned().ok_or(BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn note_stalled() -> Result<(), BenchmarkError> {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let delay: BlockNumberFor<T> = SessionLength::<T>::get();
		let median: BlockNumberFor<T> = frame_system::Pallet::<T>::block_number();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, delay, median);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
