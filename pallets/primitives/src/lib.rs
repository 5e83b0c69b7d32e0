//! # ECT primitives
//!
//! What the protocol pallets share, so that each of them depends on this
//! crate (and the maths of `ect-poco-math`) instead of on one another:
//!
//! - [`ids`]: the ids of assets, orders, deals and tasks, and how deal and
//!   task ids are derived (`protocol.md` §4);
//! - the value types more than one pallet (or client) reads: [`resources`]
//!   (tags and machine resources), [`assets`] (asset references,
//!   restrictions, pool policies and the views of registered assets),
//!   [`deal`] (request orders, deals, callback targets), [`mode`] (the one
//!   operating mode), [`usage`] (a worker's usage report);
//! - [`traits`]: how one pallet uses another. The runtime wires them: a
//!   pallet's `Config` names an associated type bound by one of these
//!   traits, and the runtime sets it to the pallet that implements it.
//!
//! | trait | implemented by | used by |
//! |---|---|---|
//! | [`Escrow`] | escrow | marketplace, PoCo |
//! | [`AssetRegistry`], [`StorageDeposits`] | registry | marketplace, PoCo |
//! | [`WorkerReputation`], [`PoolReputation`] | reputation | PoCo, marketplace |
//! | [`DealProvider`], [`RequestMarket`] | marketplace | PoCo, bridge |
//! | [`ResultCallback`] | bridge | PoCo |
//!
//! `WorkerReputation`, `PoolReputation` and `ResultCallback` have a `()`
//! implementation; `ect-mocks` has a mock of every trait, used by the
//! pallets' mock runtimes.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod assets;
pub mod bounds;
pub mod deal;
pub mod ids;
pub mod mode;
pub mod resources;
pub mod traits;
pub mod usage;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;

pub use assets::*;
pub use deal::*;
pub use ids::*;
pub use mode::OperatingMode;
pub use resources::*;
pub use traits::*;
pub use usage::Usage;

#[doc(hidden)]
pub use polkadot_sdk::frame_support::traits::Get;
