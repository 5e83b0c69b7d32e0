//! Genesis presets (`sp_genesis_builder`): the `development` chain (one
//! validator, Alice) and the `local_testnet` (Alice, Bob and Charlie). Both
//! fund the well-known dev accounts and make Alice the sudo key. The
//! development chain keeps finished deals a minute, the others a day.

use polkadot_sdk::*;

use crate::{
	constants::UNIT, AccountId, Balance, BalancesConfig, BlockNumber, PocoConfig, RegistryConfig, RuntimeGenesisConfig,
	SudoConfig,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Balance given at genesis to each dev account: one million ECT.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// The default task categories (`protocol.md` §1): name, description, time
/// reference T in seconds, and the most fuel a task may burn.
pub fn default_categories() -> Vec<(Vec<u8>, Vec<u8>, u64, u64)> {
	[
		("XS", "extra small: up to 5 minutes", 300u64),
		("S", "small: up to 20 minutes", 1_200),
		("M", "medium: up to 1 hour", 3_600),
		("L", "large: up to 3 hours", 10_800),
		("XL", "extra large: up to 10 hours", 36_000),
	]
	.into_iter()
	// One billion fuel units per second of the time reference.
	.map(|(name, description, seconds)| (name.into(), description.into(), seconds, seconds.saturating_mul(1_000_000_000)))
	.collect()
}

/// How many blocks a finished deal stays in the state of the development
/// chain: a minute, so that a long benchmark's state reaches its steady size
/// (the runtime's default, for other chains, is a day).
pub const DEV_TASK_RETENTION: BlockNumber = 30;

/// The genesis config of a chain with these validators, sudo key, funded
/// accounts and retention period (`None`: the runtime's default).
fn testnet_genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	root: AccountId,
	task_retention: Option<BlockNumber>,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|account| (account, ENDOWMENT)).collect::<Vec<_>>(),
		},
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|(aura, _)| aura.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities.iter().map(|(_, grandpa)| (grandpa.clone(), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
		registry: RegistryConfig { categories: default_categories() },
		poco: PocoConfig { task_retention },
	})
}

/// The Aura (sr25519) and GRANDPA (ed25519) keys of a dev validator,
/// both derived from the same dev seed (`//Alice`, ...).
fn authority_keys(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(aura.public().into(), grandpa.public().into())
}

/// Every well-known dev account, funded at genesis.
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// One validator (Alice): `ect-node --dev`.
fn development_config_genesis() -> Value {
	testnet_genesis(
		vec![authority_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		Some(DEV_TASK_RETENTION),
	)
}

/// Three validators (Alice, Bob, Charlie): `ect-node --chain local`.
fn local_testnet_genesis() -> Value {
	testnet_genesis(
		vec![
			authority_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority_keys(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			authority_keys(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		None,
	)
}

/// The JSON patch of the preset `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development_config_genesis(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(|json| json.into_bytes())
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
