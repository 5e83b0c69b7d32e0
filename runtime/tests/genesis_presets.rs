//! The genesis presets build a working genesis state: the right validators
//! (the session's, Aura's and GRANDPA's), the council, funded dev accounts,
//! the sudo key (dev only), the session length and the retention period.

use ect_runtime::{
	configs::CouncilCollective,
	genesis_config_presets::{get_preset, preset_names, DEV_TASK_RETENTION, ENDOWMENT, TESTNET_SESSION_LENGTH},
	polkadot_sdk::{
		frame_system, pallet_aura, pallet_balances, pallet_collective, pallet_grandpa, pallet_session, pallet_sudo,
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

/// The validators are the session's, Aura's and GRANDPA's, in the same
/// (sorted) order, and the council is Alice, Bob and Charlie.
fn assert_validators_and_council(keys: &[(Sr25519Keyring, Ed25519Keyring)], session_length: u32) {
	let mut keys = keys.to_vec();
	keys.sort_by_key(|(sr, _)| sr.to_account_id());
	let accounts: Vec<_> = keys.iter().map(|(sr, _)| sr.to_account_id()).collect();
	assert_eq!(pallet_ect_validators::Validators::<Runtime>::get().into_inner(), accounts);
	assert_eq!(pallet_session::Validators::<Runtime>::get(), accounts);
	let aura: Vec<Sr25519Keyring> = keys.iter().map(|(sr, _)| *sr).collect();
	let grandpa: Vec<Ed25519Keyring> = keys.iter().map(|(_, ed)| *ed).collect();
	assert_eq!(pallet_aura::Authorities::<Runtime>::get().into_inner(), aura_of(&aura));
	assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities(), grandpa_of(&grandpa));
	assert_eq!(pallet_ect_validators::SessionLength::<Runtime>::get(), session_length);
	let mut council: Vec<_> =
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie].iter().map(|k| k.to_account_id()).collect();
	council.sort();
	assert_eq!(pallet_collective::Members::<Runtime, CouncilCollective>::get(), council);
}

fn assert_dev_accounts_funded() {
	for account in Sr25519Keyring::well_known() {
		let free = pallet_balances::Pallet::<Runtime>::free_balance(account.to_account_id());
		assert_eq!(free, ENDOWMENT, "{account:?} is funded");
	}
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
fn development_has_alice_as_only_validator_and_as_sudo() {
	with_genesis(DEV_RUNTIME_PRESET, || {
		// The runtime's default session: an hour of 2 s blocks.
		assert_validators_and_council(&[(Sr25519Keyring::Alice, Ed25519Keyring::Alice)], 1_800);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
		assert_dev_accounts_funded();
	});
}

#[test]
fn local_testnet_has_four_validators_and_no_sudo() {
	with_genesis(LOCAL_TESTNET_RUNTIME_PRESET, || {
		assert_validators_and_council(&[
			(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		], TESTNET_SESSION_LENGTH);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		assert_dev_accounts_funded();
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
