//! Weights for `pallet_ect_poco`: a placeholder until `scripts/bench.sh
//! pallet_ect_poco` generates this file.

#![allow(missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{traits::Get, weights::{constants::ParityDbWeight, RuntimeDbWeight, Weight}};

/// The weight of each call of `pallet_ect_poco`.
pub trait WeightInfo {
	fn initialize() -> Weight;
	fn contribute() -> Weight;
	fn reveal() -> Weight;
	fn reopen() -> Weight;
	fn finalize() -> Weight;
	fn claim() -> Weight;
	fn initialize_batch(n: u32) -> Weight;
	fn contribute_batch(n: u32) -> Weight;
	fn reveal_batch(n: u32) -> Weight;
	fn finalize_batch(n: u32) -> Weight;
	fn claim_batch(n: u32) -> Weight;
}

fn estimate(reads: u64, writes: u64, db: RuntimeDbWeight) -> Weight {
	Weight::from_parts(200_000_000, 40_000).saturating_add(db.reads_writes(reads, writes))
}

macro_rules! estimates {
	($db:expr) => {
		fn initialize() -> Weight { estimate(4, 2, $db) }
		fn contribute() -> Weight { estimate(40, 4, $db) }
		fn reveal() -> Weight { estimate(3, 2, $db) }
		fn reopen() -> Weight { estimate(35, 33, $db) }
		fn finalize() -> Weight { estimate(80, 80, $db) }
		fn claim() -> Weight { estimate(40, 40, $db) }
		fn initialize_batch(n: u32) -> Weight { estimate(4, 2, $db).saturating_mul(n.into()) }
		fn contribute_batch(n: u32) -> Weight { estimate(40, 4, $db).saturating_mul(n.into()) }
		fn reveal_batch(n: u32) -> Weight { estimate(3, 2, $db).saturating_mul(n.into()) }
		fn finalize_batch(n: u32) -> Weight { estimate(80, 80, $db).saturating_mul(n.into()) }
		fn claim_batch(n: u32) -> Weight { estimate(40, 40, $db).saturating_mul(n.into()) }
	};
}

/// Conservative estimates with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	estimates!(T::DbWeight::get());
}

impl WeightInfo for () {
	estimates!(ParityDbWeight::get());
}
