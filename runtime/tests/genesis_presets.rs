//! The genesis presets build a working genesis state: the right validators,
//! funded dev accounts and the sudo key.

use ect_runtime::{
	genesis_config_presets::{get_preset, preset_names, ENDOWMENT},
	polkadot_sdk::{
		frame_support::genesis_builder_helper::build_state,
		frame_system, pallet_aura, pallet_balances, pallet_grandpa, pallet_sudo,
		sp_consensus_aura::sr25519::AuthorityId as AuraId,
		sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
		sp_io::TestExternalities,
		sp_keyring::{Ed25519Keyring, Sr25519Keyring},
	},
	Runtime, RuntimeGenesisConfig, EXISTENTIAL_DEPOSIT,
};
use pallet_ect_escrow::Pot;
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
fn with_genesis(preset: &str, check: impl FnOnce()) {
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

fn aura_of(keys: &[Sr25519Keyring]) -> Vec<AuraId> {
	keys.iter().map(|k| k.public().into()).collect()
}

fn grandpa_of(keys: &[Ed25519Keyring]) -> Vec<(pallet_grandpa::AuthorityId, u64)> {
	keys.iter().map(|k| (k.public().into(), 1)).collect()
}

fn assert_dev_accounts_funded_and_alice_is_sudo() {
	for account in Sr25519Keyring::well_known() {
		let free = pallet_balances::Pallet::<Runtime>::free_balance(account.to_account_id());
		assert_eq!(free, ENDOWMENT, "{account:?} is funded");
	}
	assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
	// The escrow's pot and kitty exist from genesis, each with its existential deposit.
	for pot in [Pot::Protocol, Pot::Kitty] {
		let account = pallet_ect_escrow::Pallet::<Runtime>::pot_account(pot);
		assert_eq!(pallet_balances::Pallet::<Runtime>::free_balance(account), EXISTENTIAL_DEPOSIT);
	}
	let issued = pallet_balances::TotalIssuance::<Runtime>::get();
	let endowed = ENDOWMENT * Sr25519Keyring::well_known().count() as u128;
	assert_eq!(issued, endowed + 2 * EXISTENTIAL_DEPOSIT);
	pallet_ect_escrow::Pallet::<Runtime>::do_try_state().expect("escrow invariants hold at genesis");
	assert!(frame_system::Account::<Runtime>::contains_key(Sr25519Keyring::Ferdie.to_account_id()));
}

#[test]
fn both_presets_are_offered() {
	assert_eq!(
		preset_names(),
		vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
	);
	assert!(get_preset(&PresetId::from("no_such_preset")).is_none());
}

#[test]
fn development_has_alice_as_only_validator() {
	with_genesis(DEV_RUNTIME_PRESET, || {
		let aura = pallet_aura::Authorities::<Runtime>::get().into_inner();
		assert_eq!(aura, aura_of(&[Sr25519Keyring::Alice]));
		assert_eq!(
			pallet_grandpa::Pallet::<Runtime>::grandpa_authorities(),
			grandpa_of(&[Ed25519Keyring::Alice])
		);
		assert_dev_accounts_funded_and_alice_is_sudo();
	});
}

#[test]
fn local_testnet_has_alice_bob_and_charlie_as_validators() {
	with_genesis(LOCAL_TESTNET_RUNTIME_PRESET, || {
		let aura = pallet_aura::Authorities::<Runtime>::get().into_inner();
		let validators = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie];
		assert_eq!(aura, aura_of(&validators));
		assert_eq!(
			pallet_grandpa::Pallet::<Runtime>::grandpa_authorities(),
			grandpa_of(&[Ed25519Keyring::Alice, Ed25519Keyring::Bob, Ed25519Keyring::Charlie])
		);
		assert_dev_accounts_funded_and_alice_is_sudo();
	});
}
