//! Builds the runtime's WASM blob (`WASM_BINARY`) with `substrate-wasm-builder`.

fn main() {
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
