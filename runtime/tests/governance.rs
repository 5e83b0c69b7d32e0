//! Governance in the full runtime (`protocol.md` §11): every governance
//! call is refused to a signed account and to a motion short of two thirds
//! of the council; a motion at the threshold executes; safe mode stops
//! users' calls while governance (also its protocol calls) and PoCo go on,
//! so that a task of a deal made before the stop is still certified and
//! paid; paused calls stop one call, and neither PoCo's nor governance's
//! can be paused.

mod common;

use codec::Encode;
use common::*;
use ect_runtime::{
	configs::CouncilCollective,
	polkadot_sdk::{
		frame_support::{
			dispatch::GetDispatchInfo,
			traits::UnfilteredDispatchable,
		},
		frame_system, pallet_balances, pallet_collective, pallet_membership, pallet_safe_mode, pallet_session,
		pallet_timestamp, pallet_tx_pause,
		sp_core::H256,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
		sp_keyring::Sr25519Keyring,
		sp_runtime::{traits::Dispatchable, DispatchError, DispatchResult},
	},
	AccountId, Runtime, RuntimeCall, RuntimeEvent, SessionKeys, System,
};
use pallet_ect_marketplace::task_id;
use pallet_ect_poco::{TaskStatus, Tasks};
use ect_primitives::OperatingMode;

type Council = pallet_collective::Call<Runtime, CouncilCollective>;
type Membership = pallet_membership::Call<Runtime, CouncilCollective>;
type Poco = pallet_ect_poco::Call<Runtime>;

const ALICE: Sr25519Keyring = Sr25519Keyring::Alice;
const BOB: Sr25519Keyring = Sr25519Keyring::Bob;

/// The calls of the runtime that only governance may make (all but sudo's,
/// root-only `frame_system` calls and `Council.set_members`, which are
/// root's), each in a form that governance could make on the development
/// genesis (with Bob's session keys registered).
fn governance_calls() -> Vec<RuntimeCall> {
	vec![
		pallet_ect_registry::Call::create_category {
			name: bounded("XXL"),
			description: bounded("extra extra large"),
			work_clock_time_ref: 100_000,
			max_fuel: 1,
		}
		.into(),
		pallet_ect_registry::Call::update_category {
			category: 0,
			name: bounded("XS"),
			description: bounded("x"),
			work_clock_time_ref: 300,
			max_fuel: 1,
		}
		.into(),
		pallet_ect_registry::Call::list_app { app: 0 }.into(),
		pallet_ect_registry::Call::revoke_app { app: 0, reason: bounded("malware") }.into(),
		pallet_ect_marketplace::Call::set_operating_mode { mode: OperatingMode::Halted }.into(),
		pallet_ect_bridge::Call::set_relayers { relayers: vec![ALICE.to_account_id()].try_into().unwrap(), threshold: 1 }
			.into(),
		pallet_ect_bridge::Call::set_operating_mode { mode: OperatingMode::Halted }.into(),
		pallet_ect_validators::Call::add_validator { who: BOB.to_account_id() }.into(),
		pallet_ect_validators::Call::remove_validator { who: ALICE.to_account_id() }.into(),
		pallet_ect_validators::Call::note_stalled { delay: 10, median: 1 }.into(),
		pallet_safe_mode::Call::force_release_deposit { account: ALICE.to_account_id(), block: 1 }.into(),
		pallet_safe_mode::Call::force_slash_deposit { account: ALICE.to_account_id(), block: 1 }.into(),
		pallet_ect_upgrade::Call::authorize_upgrade { code_hash: H256::repeat_byte(1) }.into(),
		pallet_safe_mode::Call::force_enter {}.into(),
		pallet_safe_mode::Call::force_extend {}.into(),
		pallet_safe_mode::Call::force_exit {}.into(),
		pallet_tx_pause::Call::pause { full_name: full_name("Registry", "create_group") }.into(),
		pallet_tx_pause::Call::unpause { ident: full_name("Registry", "create_group") }.into(),
		Membership::add_member { who: Sr25519Keyring::Dave.to_account_id().into() }.into(),
		Membership::remove_member { who: ALICE.to_account_id().into() }.into(),
		Membership::swap_member { remove: ALICE.to_account_id().into(), add: Sr25519Keyring::Dave.to_account_id().into() }
			.into(),
		Membership::reset_members { members: vec![ALICE.to_account_id()] }.into(),
		Membership::set_prime { who: ALICE.to_account_id().into() }.into(),
		Membership::clear_prime {}.into(),
		Council::disapprove_proposal { proposal_hash: H256::repeat_byte(9) }.into(),
		Council::kill { proposal_hash: H256::repeat_byte(9) }.into(),
	]
}

fn bounded<S: ect_runtime::polkadot_sdk::frame_support::traits::Get<u32>>(
	text: &str,
) -> ect_runtime::polkadot_sdk::frame_support::BoundedVec<u8, S> {
	text.as_bytes().to_vec().try_into().unwrap()
}

fn full_name(pallet: &str, call: &str) -> pallet_tx_pause::RuntimeCallNameOf<Runtime> {
	(pallet.as_bytes().to_vec().try_into().unwrap(), call.as_bytes().to_vec().try_into().unwrap())
}

/// Registers session keys for `who` as `session.set_keys` stores them.
fn register_keys(who: Sr25519Keyring) {
	let keys = SessionKeys { aura: who.public().into(), grandpa: ect_runtime::polkadot_sdk::sp_keyring::Ed25519Keyring::Ferdie.public().into() };
	pallet_session::NextKeys::<Runtime>::insert(who.to_account_id(), keys);
}

/// The result of the last motion executed.
fn last_execution() -> Option<DispatchResult> {
	System::events().into_iter().rev().find_map(|record| match record.event {
		RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => Some(result.map(|_| ())),
		_ => None,
	})
}

/// Alice proposes `call` to the council, `ayes` vote for it (a proposer
/// votes like any member), and the motion is closed; returns what its execution gave (`None`: it
/// did not execute).
fn motion(call: RuntimeCall, ayes: &[Sr25519Keyring]) -> Option<DispatchResult> {
	System::reset_events();
	let length_bound = call.encoded_size() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let threshold = ayes.len() as u32;
	let index = pallet_collective::ProposalCount::<Runtime, CouncilCollective>::get();
	dispatch(ALICE, Council::propose { threshold, proposal: Box::new(call), length_bound }).expect("a member proposes");
	if threshold >= 2 {
		let hash = *pallet_collective::Proposals::<Runtime, CouncilCollective>::get().last().expect("the motion is open");
		for voter in ayes {
			dispatch(*voter, Council::vote { proposal: hash, index, approve: true }).expect("a member votes");
		}
		dispatch(ALICE, Council::close { proposal_hash: hash, index, proposal_weight_bound: weight, length_bound })
			.expect("the motion closes");
	}
	last_execution()
}

/// Dispatches `call` from `who` through the runtime's call filter.
fn dispatch(who: Sr25519Keyring, call: impl Into<RuntimeCall>) -> DispatchResult {
	call.into().dispatch(signed(who)).map(|_| ()).map_err(|e| e.error)
}

fn dev(test: impl FnOnce()) {
	with_genesis(DEV_RUNTIME_PRESET, || {
		System::set_block_number(1);
		test();
	});
}

#[test]
fn every_governance_call_is_refused_to_an_account_and_to_a_minority_motion() {
	dev(|| {
		register_keys(BOB);
		for call in governance_calls() {
			let name = format!("{:?}", call.get_call_metadata_name());
			assert_eq!(dispatch(ALICE, call.clone()), Err(DispatchError::BadOrigin), "{name} from a signed account");
			// One aye of three members: the motion executes at once, with
			// a third of the council behind it.
			assert_eq!(motion(call, &[ALICE]), Some(Err(DispatchError::BadOrigin)), "{name} by one member of three");
		}
	});
}

trait CallName {
	fn get_call_metadata_name(&self) -> (&'static str, &'static str);
}
impl CallName for RuntimeCall {
	fn get_call_metadata_name(&self) -> (&'static str, &'static str) {
		use ect_runtime::polkadot_sdk::frame_support::traits::GetCallMetadata;
		let metadata = self.get_call_metadata();
		(metadata.pallet_name, metadata.function_name)
	}
}

#[test]
fn a_motion_of_two_thirds_of_the_council_executes() {
	dev(|| {
		register_keys(BOB);
		let ayes = [ALICE, BOB];
		let categories = pallet_ect_registry::CategoryCount::<Runtime>::get();
		assert_eq!(motion(governance_calls()[0].clone(), &ayes), Some(Ok(())));
		assert_eq!(pallet_ect_registry::CategoryCount::<Runtime>::get(), categories + 1);

		assert_eq!(motion(pallet_ect_validators::Call::add_validator { who: BOB.to_account_id() }.into(), &ayes), Some(Ok(())));
		assert!(pallet_ect_validators::Validators::<Runtime>::get().contains(&BOB.to_account_id()));

		let code_hash = H256::repeat_byte(1);
		assert_eq!(motion(pallet_ect_upgrade::Call::authorize_upgrade { code_hash }.into(), &ayes), Some(Ok(())));
		assert_eq!(System::authorized_upgrade().map(|a| *a.code_hash()), Some(code_hash));

		let relayers: Vec<AccountId> = vec![BOB.to_account_id()];
		let set = pallet_ect_bridge::Call::set_relayers { relayers: relayers.clone().try_into().unwrap(), threshold: 1 };
		assert_eq!(motion(set.into(), &ayes), Some(Ok(())));
		assert_eq!(pallet_ect_bridge::Relayers::<Runtime>::get().into_inner(), relayers);

		System::set_block_number(5);
		let stall = pallet_ect_validators::Call::note_stalled { delay: 10, median: 4 };
		assert_eq!(motion(stall.into(), &ayes), Some(Ok(())));
		assert_eq!(ect_runtime::polkadot_sdk::pallet_grandpa::Stalled::<Runtime>::get(), Some((10, 4)), "GRANDPA noted it");

		let dave = Sr25519Keyring::Dave.to_account_id();
		assert_eq!(motion(Membership::add_member { who: dave.clone().into() }.into(), &ayes), Some(Ok(())));
		assert!(pallet_collective::Members::<Runtime, CouncilCollective>::get().contains(&dave));
		// Four members now: two ayes are half, short of two thirds.
		assert_eq!(
			motion(pallet_ect_marketplace::Call::set_operating_mode { mode: OperatingMode::Halted }.into(), &ayes),
			Some(Err(DispatchError::BadOrigin))
		);
		assert_eq!(
			motion(
				pallet_ect_marketplace::Call::set_operating_mode { mode: OperatingMode::Halted }.into(),
				&[ALICE, BOB, Sr25519Keyring::Charlie]
			),
			Some(Ok(()))
		);
	});
}

/// A user's call that would otherwise dispatch: a transfer.
fn transfer() -> RuntimeCall {
	pallet_balances::Call::transfer_keep_alive { dest: BOB.to_account_id().into(), value: UNIT }.into()
}

#[test]
fn safe_mode_stops_users_but_not_governance_nor_the_tasks_of_deals_already_made() {
	dev(|| {
		pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000u64);
		register_assets();
		let deal = make_deal(1, 1, 1);
		let task = task_id(&deal, 0);
		let (scheduler, worker) = (Sr25519Keyring::Charlie, Sr25519Keyring::Eve);
		dispatch(scheduler, Poco::initialize { deal, index: 0 }).unwrap();

		assert_eq!(motion(pallet_safe_mode::Call::force_enter {}.into(), &[ALICE, BOB]), Some(Ok(())));
		assert!(pallet_safe_mode::EnteredUntil::<Runtime>::get().is_some());
		let filtered: DispatchError = frame_system::Error::<Runtime>::CallFiltered.into();
		assert_eq!(dispatch(ALICE, transfer()), Err(filtered));
		assert_eq!(dispatch(ALICE, pallet_ect_registry::Call::create_group {}), Err(filtered));

		// The task goes on: contributed, revealed, finalized, paid.
		let digest = H256::repeat_byte(7);
		let contribution = contribution(scheduler, worker, &task, digest, Some(H256::repeat_byte(2)));
		let before = pallet_balances::Pallet::<Runtime>::free_balance(worker.to_account_id());
		dispatch(worker, Poco::contribute { contribution }).unwrap();
		next_block();
		dispatch(worker, Poco::reveal { task, digest }).unwrap();
		let results = b"ipfs://result".to_vec().try_into().unwrap();
		dispatch(scheduler, Poco::finalize { task, results, results_callback: Default::default() }).unwrap();
		assert_eq!(Tasks::<Runtime>::get(task).map(|t| t.status), Some(TaskStatus::Completed));
		assert!(pallet_balances::Pallet::<Runtime>::free_balance(worker.to_account_id()) > before, "the worker is paid");

		// Governance goes on: a motion halts the market and revokes an app.
		let halt = pallet_ect_marketplace::Call::set_operating_mode { mode: OperatingMode::Halted };
		assert_eq!(motion(halt.into(), &[ALICE, BOB]), Some(Ok(())));
		assert_eq!(pallet_ect_marketplace::Mode::<Runtime>::get(), OperatingMode::Halted);
		let revoke = pallet_ect_registry::Call::revoke_app { app: 0, reason: bounded("malware") };
		assert_eq!(motion(revoke.into(), &[ALICE, BOB]), Some(Ok(())));

		// Governance leaves safe mode; users are back.
		assert_eq!(motion(pallet_safe_mode::Call::force_exit {}.into(), &[ALICE, BOB]), Some(Ok(())));
		assert_eq!(dispatch(ALICE, transfer()), Ok(()));
	});
}

#[test]
fn safe_mode_lets_a_task_past_its_deadline_be_claimed() {
	dev(|| {
		pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000u64);
		register_assets();
		let deal = make_deal(1, 1, 1);
		assert_eq!(motion(pallet_safe_mode::Call::force_enter {}.into(), &[ALICE, BOB]), Some(Ok(())));
		// Past the final deadline of category S (10 × 1 200 s).
		pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000u64 + 10 * 1_200_000 + 1);
		dispatch(Sr25519Keyring::Dave, Poco::claim { deal, index: 0 }).unwrap();
		assert_eq!(Tasks::<Runtime>::get(task_id(&deal, 0)).map(|t| t.status), Some(TaskStatus::Failed));
	});
}

#[test]
fn governance_pauses_one_call_but_not_poco_nor_itself() {
	dev(|| {
		let pause = |pallet: &str, call: &str| {
			motion(pallet_tx_pause::Call::pause { full_name: full_name(pallet, call) }.into(), &[ALICE, BOB])
		};
		assert_eq!(pause("Balances", "transfer_keep_alive"), Some(Ok(())));
		let filtered: DispatchError = frame_system::Error::<Runtime>::CallFiltered.into();
		assert_eq!(dispatch(ALICE, transfer()), Err(filtered));
		let unpausable: DispatchError = pallet_tx_pause::Error::<Runtime>::Unpausable.into();
		for (pallet, call) in [
			("Poco", "contribute"),
			("Poco", "claim"),
			("Council", "vote"),
			("SafeMode", "force_exit"),
			("Bridge", "set_relayers"),
			("Registry", "revoke_app"),
		] {
			assert_eq!(pause(pallet, call), Some(Err(unpausable)), "{pallet}.{call}");
		}
		let unpause = pallet_tx_pause::Call::unpause { ident: full_name("Balances", "transfer_keep_alive") };
		assert_eq!(motion(unpause.into(), &[ALICE, BOB]), Some(Ok(())));
		assert_eq!(dispatch(ALICE, transfer()), Ok(()));
	});
}

#[test]
fn the_development_chains_sudo_is_root_for_governance_calls() {
	dev(|| {
		let call: RuntimeCall = pallet_ect_marketplace::Call::set_operating_mode { mode: OperatingMode::Halted }.into();
		let sudo = ect_runtime::polkadot_sdk::pallet_sudo::Call::<Runtime>::sudo { call: Box::new(call) };
		assert!(RuntimeCall::from(sudo).dispatch_bypass_filter(signed(ALICE)).is_ok());
		assert_eq!(pallet_ect_marketplace::Mode::<Runtime>::get(), OperatingMode::Halted);
	});
}
