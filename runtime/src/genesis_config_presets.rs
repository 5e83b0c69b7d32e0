//! Genesis presets (`sp_genesis_builder`): the `development` chain (one
//! validator, Alice) and the `local_testnet` (Alice, Bob, Charlie and Dave:
//! GRANDPA needs more than two thirds of them, so it tolerates the loss of
//! one). Both fund the well-known dev accounts and make Alice, Bob and
//! Charlie the council; only the development chain has a sudo key (Alice).
//! Sessions last [`TESTNET_SESSION_LENGTH`] blocks on the local testnet, an
//! hour (the runtime's default) on the development chain, whose one
//! validator never changes: a session change takes a whole block. The
//! development chain keeps finished deals a minute, the others a day.

use polkadot_sdk::*;

use crate::{
	constants::UNIT, AccountId, Balance, BalancesConfig, BlockNumber, CouncilMembershipConfig, PocoConfig,
	RegistryConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig, ValidatorsConfig,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
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

/// How many blocks a session lasts on the local testnet: 20 seconds, so
/// that a validator set change takes effect within a minute (the runtime's
/// default, for other chains, is an hour).
pub const TESTNET_SESSION_LENGTH: BlockNumber = 10;

/// What differs between the presets: the session length and the retention
/// period (`None`: the runtime's defaults).
struct Periods {
	session_length: Option<BlockNumber>,
	task_retention: Option<BlockNumber>,
}

/// The genesis config of a chain with these validators (account and
/// session keys), council, sudo key (`None`: no sudo), funded accounts and
/// periods.
fn testnet_genesis(
	validators: Vec<(AccountId, SessionKeys)>,
	council: Vec<AccountId>,
	root: Option<AccountId>,
	endowed: Vec<AccountId>,
	periods: Periods,
) -> Value {
	let Periods { session_length, task_retention } = periods;
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|account| (account, ENDOWMENT)).collect::<Vec<_>>(),
		},
		validators: ValidatorsConfig {
			validators: validators.iter().map(|(account, _)| account.clone()).collect::<Vec<_>>(),
			session_length,
		},
		session: SessionConfig {
			keys: validators
				.into_iter()
				.map(|(account, keys)| (account.clone(), account, keys))
				.collect::<Vec<_>>(),
		},
		council_membership: CouncilMembershipConfig { members: frame_support::BoundedVec::truncate_from(council), ..Default::default() },
		sudo: SudoConfig { key: root },
		registry: RegistryConfig { categories: default_categories() },
		poco: PocoConfig { task_retention },
	})
}

/// A dev validator's account and session keys: Aura (sr25519) and GRANDPA
/// (ed25519), both derived from the same dev seed (`//Alice`, ...), as
/// `ect-node --alice` puts them in its keystore.
fn validator(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AccountId, SessionKeys) {
	let keys = SessionKeys { aura: aura.public().into(), grandpa: grandpa.public().into() };
	(aura.to_account_id(), keys)
}

/// The council of both presets: Alice, Bob and Charlie.
fn dev_council() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.iter()
		.map(|k| k.to_account_id())
		.collect()
}

/// Every well-known dev account, funded at genesis.
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// One validator (Alice): `ect-node --dev`.
fn development_config_genesis() -> Value {
	testnet_genesis(
		vec![validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_council(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		dev_accounts(),
		Periods { session_length: None, task_retention: Some(DEV_TASK_RETENTION) },
	)
}

/// Four validators (Alice, Bob, Charlie, Dave), no sudo:
/// `ect-node --chain local`.
fn local_testnet_genesis() -> Value {
	testnet_genesis(
		vec![
			validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			validator(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			validator(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			validator(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		dev_council(),
		None,
		dev_accounts(),
		Periods { session_length: Some(TESTNET_SESSION_LENGTH), task_retention: None },
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
