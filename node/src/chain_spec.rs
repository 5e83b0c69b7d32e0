//! The built-in chain specifications, each one a runtime genesis preset plus
//! the chain's name, type and token properties.

use ect_runtime::{
	constants::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL},
	WASM_BINARY,
};
use polkadot_sdk::{
	sc_service::{self, ChainType, Properties},
	sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
};

/// A chain specification of the ECT runtime (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol, decimals and address format, shown by wallets.
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

/// A chain spec of the ECT runtime from one of its genesis presets.
fn from_preset(name: &str, id: &str, kind: ChainType, preset: &str) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| {
		"the runtime WASM was not built (was SKIP_WASM_BUILD set?); rebuild ect-node".to_string()
	})?;
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("ect")
		.with_chain_type(kind)
		.with_properties(properties())
		.with_genesis_config_preset_name(preset)
		.build())
}

/// `--dev`: one validator (Alice), pre-funded dev accounts.
pub fn development() -> Result<ChainSpec, String> {
	from_preset("ECT Development", "ect_dev", ChainType::Development, DEV_RUNTIME_PRESET)
}

/// `--chain local`: four validators (Alice, Bob, Charlie, Dave) on one
/// machine, the council Alice, Bob and Charlie, no sudo.
pub fn local_testnet() -> Result<ChainSpec, String> {
	from_preset("ECT Local Testnet", "ect_local", ChainType::Local, LOCAL_TESTNET_RUNTIME_PRESET)
}
