//! # ECT mocks
//!
//! What the protocol pallets' mock runtimes share, so that each pallet's
//! `mock.rs` holds only what is its own:
//!
//! - [`configs`]: macros that implement the configuration every mock
//!   repeats (System, Balances and Timestamp for a test runtime; the real
//!   escrow and registry for the mocks that test money over real holds);
//! - [`keys`]: named sr25519 test keys and their accounts;
//! - mocks of `ect-primitives`'s traits: [`MockPoolReputation`] (pool
//!   reputations a test sets), [`RecordCallbacks`] (the results PoCo
//!   delivers), [`MockMarket`] (a marketplace that makes a deal of a
//!   published request when the test says there is an offer),
//!   [`EmptyRegistry`] (no asset; benchmark set-ups that succeed).
//!
//! A dev-dependency only: no runtime links it.

pub mod callback;
pub mod configs;
pub mod keys;
pub mod market;
pub mod registry;
pub mod reputation;

pub use callback::{callbacks, RecordCallbacks, CALLBACK_WEIGHT};
pub use keys::{account, key};
pub use market::{offer, published, MockMarket};
pub use registry::EmptyRegistry;
pub use reputation::{set_reputation, MockPoolReputation};

#[doc(hidden)]
pub use polkadot_sdk;
