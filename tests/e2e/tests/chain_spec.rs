//! The committed local-testnet chain spec (`chain-spec/local.json`, made by
//! `chain-spec/generate.sh`) names the four validators, the council and the
//! token, has no sudo key, and
//! builds the same genesis storage as the committed raw spec.

use std::{path::PathBuf, process::Command};

use anyhow::{anyhow, ensure, Result};
use ect_e2e::node::node_binary;
use polkadot_sdk::{sp_core::crypto::Ss58Codec, sp_keyring::Sr25519Keyring};
use serde_json::Value;

fn committed(name: &str) -> Result<Value> {
	let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../chain-spec").join(name);
	let bytes = std::fs::read(&path).map_err(|e| anyhow!("{}: {e}", path.display()))?;
	Ok(serde_json::from_slice(&bytes)?)
}

#[test]
fn local_spec_names_four_validators_the_council_and_the_token() -> Result<()> {
	let spec = committed("local.json")?;
	ensure!(spec["id"] == "ect_local", "id {}", spec["id"]);
	ensure!(spec["chainType"] == "Local", "chainType {}", spec["chainType"]);
	ensure!(spec["properties"]["tokenSymbol"] == "ECT");
	ensure!(spec["properties"]["tokenDecimals"] == 12);
	let listed = |pointer: &str| {
		spec.pointer(pointer).and_then(Value::as_array).cloned().ok_or_else(|| anyhow!("no {pointer} in the patch"))
	};
	let accounts = |keys: &[Sr25519Keyring]| -> Vec<Value> {
		keys.iter().map(|k| Value::from(k.to_account_id().to_ss58check())).collect()
	};
	let validators = listed("/genesis/runtimeGenesis/patch/validators/validators")?;
	let four = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave];
	ensure!(validators == accounts(&four), "validators {validators:?}");
	let keys = listed("/genesis/runtimeGenesis/patch/session/keys")?;
	ensure!(keys.len() == 4, "session keys {keys:?}");
	let council = listed("/genesis/runtimeGenesis/patch/councilMembership/members")?;
	ensure!(council == accounts(&four[..3]), "council {council:?}");
	ensure!(spec.pointer("/genesis/runtimeGenesis/patch/sudo/key").is_none_or(Value::is_null), "a sudo key");
	Ok(())
}

#[test]
fn local_spec_builds_the_committed_raw_genesis() -> Result<()> {
	let plain = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../chain-spec/local.json");
	let output = Command::new(node_binary()?)
		.args(["build-spec", "--raw", "--disable-default-bootnode", "--chain"])
		.arg(&plain)
		.output()?;
	ensure!(output.status.success(), "build-spec: {}", String::from_utf8_lossy(&output.stderr));
	let built: Value = serde_json::from_slice(&output.stdout)?;
	let raw = committed("local-raw.json")?;
	let top = |spec: &Value| spec.pointer("/genesis/raw/top").cloned();
	ensure!(top(&built).is_some(), "no raw genesis storage");
	ensure!(top(&built) == top(&raw), "chain-spec/local-raw.json is stale: run chain-spec/generate.sh");
	Ok(())
}
