//! Tests of every call, error and deadline edge; the scenarios of the spec;
//! batches; and a property test of whole task life cycles.

mod batch;
mod calls;
mod fold;
mod migration;
mod operator;
mod properties;
mod retention;
mod scenarios;
mod settlement;
mod spot_check;

use crate::mock::*;
use polkadot_sdk::sp_core::H256;

/// A digest (the hash of a deterministic output).
fn digest(byte: u8) -> H256 {
	H256::repeat_byte(byte)
}

/// The PoCo events emitted so far.
fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Poco(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// What `who` holds for `reason`.
fn held(reason: ect_primitives::LockReason, who: &str) -> Balance {
	<Escrow as ect_primitives::Escrow<AccountId>>::locked(reason, &account(who))
}

/// What a pot can pay out.
fn pot(pot: ect_primitives::Pot) -> Balance {
	<Escrow as ect_primitives::Escrow<AccountId>>::available(pot)
}
