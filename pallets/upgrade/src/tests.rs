//! Governance, and only governance, authorizes a runtime's code hash.

use crate::mock::*;
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	frame_system,
	sp_core::H256,
	sp_runtime::DispatchError,
};

#[test]
fn governance_authorizes_a_code_hash_with_version_checks() {
	new_test_ext().execute_with(|| {
		let hash = H256::repeat_byte(7);
		assert_ok!(Upgrade::authorize_upgrade(RuntimeOrigin::root(), hash));
		let authorized = System::authorized_upgrade().expect("authorized");
		assert_eq!(authorized.code_hash(), &hash);
		System::assert_last_event(frame_system::Event::UpgradeAuthorized { code_hash: hash, check_version: true }.into());
	});
}

#[test]
fn others_cannot_authorize_an_upgrade() {
	new_test_ext().execute_with(|| {
		assert_noop!(Upgrade::authorize_upgrade(RuntimeOrigin::signed(1), H256::zero()), DispatchError::BadOrigin);
		assert!(System::authorized_upgrade().is_none());
	});
}
