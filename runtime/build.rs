//! Builds the runtime's WASM blob (`WASM_BINARY`) with `substrate-wasm-builder`,
//! with the hash of its metadata (RFC 78) compiled in, so that a transaction may
//! enable `CheckMetadataHash` as generic and hardware wallets require. The token
//! symbol and decimals are `constants::TOKEN_SYMBOL` and `TOKEN_DECIMALS`
//! (a runtime test checks that they agree).

fn main() {
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::init_with_defaults().enable_metadata_hash("ECT", 12).build();
}
