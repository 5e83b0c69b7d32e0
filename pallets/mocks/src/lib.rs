//! # ECT mocks
//!
//! What the protocol pallets' mock runtimes share, so that each pallet's
//! `mock.rs` holds only what is its own:
//!
//! - [`configs`]: macros that implement the configuration every mock
//!   repeats (System, Balances and Timestamp for a test runtime; the
//!   escrow and registry mocks for the pallets that move money);
//! - [`keys`]: named sr25519 test keys and their accounts;
//! - mocks of `ect-primitives`'s traits: [`MockEscrow`] (locks, seizures
//!   and pot rewards over named reserves of `pallet_balances`, so funds are
//!   really held), [`MockRegistry`] (assets, categories and groups the test
//!   adds, with real deposits; the storage deposits of orders),
//!   [`MockPoolReputation`] (pool reputations a test sets),
//!   [`MockWorkerReputation`] (scores moved by the protocol's formulas),
//!   [`RecordCallbacks`] (the results PoCo delivers), [`MockMarket`] (a
//!   marketplace that makes a deal of a published request when the test
//!   says there is an offer), [`EmptyRegistry`] (no asset; benchmark
//!   set-ups that succeed).
//!
//! A dev-dependency only: no runtime links it.

pub mod callback;
pub mod configs;
pub mod escrow;
pub mod keys;
pub mod market;
pub mod registry;
pub mod reputation;
#[cfg(test)]
mod tests;

pub use callback::{callbacks, RecordCallbacks, CALLBACK_WEIGHT};
pub use keys::{account, key};
pub use market::{offer, published, MockMarket};
pub use escrow::{pot_account, rewards, MockEscrow};
pub use registry::{EmptyRegistry, MockRegistry};
pub use reputation::{set_reputation, MockPoolReputation, MockWorkerReputation, TaskCounts};

#[doc(hidden)]
pub use polkadot_sdk;
