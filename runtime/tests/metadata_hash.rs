//! The runtime's WASM is built with the hash of its metadata (RFC 78), which a
//! wallet recomputes from the token symbol and decimals it shows: the build
//! script must name the runtime's own.

use ect_runtime::constants::{TOKEN_DECIMALS, TOKEN_SYMBOL};

#[test]
fn the_metadata_hash_is_built_with_the_runtimes_token() {
	let build = include_str!("../build.rs");
	let call = format!("enable_metadata_hash(\"{TOKEN_SYMBOL}\", {TOKEN_DECIMALS})");
	assert!(build.contains(&call), "runtime/build.rs must call {call}");
}
