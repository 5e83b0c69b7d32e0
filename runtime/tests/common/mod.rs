//! Shared by the runtime's integration tests: a genesis state built from a
//! preset, as the node builds it.

use ect_runtime::{
	polkadot_sdk::{
		frame_support::genesis_builder_helper::build_state, sp_genesis_builder::PresetId,
		sp_io::TestExternalities,
	},
	genesis_config_presets::get_preset,
	RuntimeGenesisConfig,
};
use serde_json::Value;

/// Applies a JSON patch onto a full genesis config, as chain-spec tools do.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) =>
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			},
		(base, patch) => *base = patch,
	}
}

/// Builds the genesis state of `preset` and runs `check` in it.
pub fn with_genesis(preset: &str, check: impl FnOnce()) {
	let patch = get_preset(&PresetId::from(preset)).expect("preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, serde_json::from_slice(&patch).unwrap());
	let mut ext = TestExternalities::new_empty();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&config).unwrap())
			.expect("genesis builds");
		check();
	});
}

