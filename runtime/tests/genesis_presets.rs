//! The genesis presets build a working genesis state: the right validators,
//! funded dev accounts, the sudo key and the retention period.

use ect_runtime::{
	genesis_config_presets::{get_preset, preset_names, DEV_TASK_RETENTION, ENDOWMENT},
	polkadot_sdk::{
		frame_system, pallet_aura, pallet_balances, pallet_grandpa, pallet_sudo,
		sp_consensus_aura::sr25519::AuthorityId as AuraId,
		sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
		sp_keyring::{Ed25519Keyring, Sr25519Keyring},
	},
	Runtime, EXISTENTIAL_DEPOSIT,
};
use pallet_ect_escrow::Pot;

mod common;
use common::with_genesis;

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

#[test]
fn the_development_chain_keeps_finished_deals_a_minute_the_local_testnet_a_day() {
	with_genesis(DEV_RUNTIME_PRESET, || {
		assert_eq!(pallet_ect_poco::TaskRetention::<Runtime>::get(), DEV_TASK_RETENTION);
		assert_eq!(DEV_TASK_RETENTION * 2, 60, "a minute of 2 s blocks");
	});
	with_genesis(LOCAL_TESTNET_RUNTIME_PRESET, || {
		assert_eq!(pallet_ect_poco::TaskRetention::<Runtime>::get(), 43_200, "a day of 2 s blocks");
	});
}

#[test]
fn both_presets_create_the_five_default_categories() {
	for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
		with_genesis(preset, || {
			let categories: Vec<(Vec<u8>, u64)> = (0..5)
				.map(|id| {
					let category = pallet_ect_registry::Categories::<Runtime>::get(id).expect("category exists");
					assert!(category.max_fuel > 0);
					(category.name.into_inner(), category.work_clock_time_ref)
				})
				.collect();
			assert_eq!(
				categories,
				vec![
					(b"XS".to_vec(), 300),
					(b"S".to_vec(), 1_200),
					(b"M".to_vec(), 3_600),
					(b"L".to_vec(), 10_800),
					(b"XL".to_vec(), 36_000),
				]
			);
			assert_eq!(pallet_ect_registry::CategoryCount::<Runtime>::get(), 5);
			pallet_ect_registry::Pallet::<Runtime>::do_try_state().expect("registry invariants hold at genesis");
		});
	}
}
