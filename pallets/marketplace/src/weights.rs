//! Weights for `pallet_ect_marketplace`: a placeholder until `scripts/bench.sh
//! pallet_ect_marketplace` generates this file.

#![allow(missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call of `pallet_ect_marketplace`.
pub trait WeightInfo {
	fn match_orders() -> Weight;
	fn presign() -> Weight;
	fn cancel() -> Weight;
	fn publish_offer() -> Weight;
	fn publish_request(c: u32, d: u32) -> Weight;
	fn unpublish() -> Weight;
	fn set_operating_mode() -> Weight;
}

fn estimate(reads: u64, writes: u64, db: polkadot_sdk::frame_support::weights::RuntimeDbWeight) -> Weight {
	Weight::from_parts(100_000_000, 20_000).saturating_add(db.reads_writes(reads, writes))
}

/// Conservative estimates with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn match_orders() -> Weight { estimate(20, 12, T::DbWeight::get()) }
	fn presign() -> Weight { estimate(3, 1, T::DbWeight::get()) }
	fn cancel() -> Weight { estimate(6, 6, T::DbWeight::get()) }
	fn publish_offer() -> Weight { estimate(8, 6, T::DbWeight::get()) }
	fn publish_request(c: u32, d: u32) -> Weight {
		estimate(10, 8, T::DbWeight::get())
			.saturating_add(estimate(12, 0, T::DbWeight::get()).saturating_mul(c.into()))
			.saturating_add(estimate(0, 12, T::DbWeight::get()).saturating_mul(d.into()))
	}
	fn unpublish() -> Weight { estimate(4, 5, T::DbWeight::get()) }
	fn set_operating_mode() -> Weight { estimate(0, 1, T::DbWeight::get()) }
}

impl WeightInfo for () {
	fn match_orders() -> Weight { estimate(20, 12, ParityDbWeight::get()) }
	fn presign() -> Weight { estimate(3, 1, ParityDbWeight::get()) }
	fn cancel() -> Weight { estimate(6, 6, ParityDbWeight::get()) }
	fn publish_offer() -> Weight { estimate(8, 6, ParityDbWeight::get()) }
	fn publish_request(c: u32, d: u32) -> Weight {
		estimate(10, 8, ParityDbWeight::get())
			.saturating_add(estimate(12, 0, ParityDbWeight::get()).saturating_mul(c.into()))
			.saturating_add(estimate(0, 12, ParityDbWeight::get()).saturating_mul(d.into()))
	}
	fn unpublish() -> Weight { estimate(4, 5, ParityDbWeight::get()) }
	fn set_operating_mode() -> Weight { estimate(0, 1, ParityDbWeight::get()) }
}
