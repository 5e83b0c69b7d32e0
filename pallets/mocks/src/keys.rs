//! Named sr25519 test keys, so that mocks sign orders, authorizations and
//! enclave results for real.

use polkadot_sdk::{
	sp_core::{sr25519, Pair},
	sp_runtime::AccountId32,
};

/// The test key `//name`.
pub fn key(name: &str) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//{name}"), None).expect("a valid dev seed")
}

/// The account of the test key `//name`.
pub fn account(name: &str) -> AccountId32 {
	AccountId32::new(key(name).public().0)
}
