//! Where a certified result goes: its deal's callback target
//! (`protocol.md` §9). PoCo calls [`ResultRouter`] (its `ResultCallback`)
//! inside `finalize` and its folded forms, and at `claim`.
//!
//! - `CallbackTarget::Ethereum(contract)`: the bridge, which commits the
//!   result (or, at a claim, the refund) for the relayers to carry.
//! - `CallbackTarget::Runtime(pallet_ect_inbox::INBOX)`: the inbox, which
//!   keeps it as the requester's last result, readable by any dapp on this
//!   chain in the block that certified it. A failure delivers nothing there:
//!   the requester was refunded on chain.
//! - Any other runtime id: no receiver; the result stays in PoCo's state
//!   and events.

use crate::{AccountId, Balance, Bridge, Inbox, Marketplace, Runtime};
use ect_primitives::{CallbackTarget, DealId, DealProvider, ResultCallback, TaskId};
use polkadot_sdk::frame_support::weights::Weight;

/// The runtime's result router.
pub struct ResultRouter;

impl ResultCallback for ResultRouter {
	fn on_result(deal: &DealId, task: &TaskId, target: CallbackTarget, data: &[u8]) {
		match target {
			CallbackTarget::Ethereum(_) => Bridge::on_result(deal, task, target, data),
			CallbackTarget::Runtime(pallet_ect_inbox::INBOX) => {
				if let Some(record) = <Marketplace as DealProvider<AccountId, Balance>>::deal(deal) {
					Inbox::receive(&record.requester, *deal, *task, data);
				}
			},
			CallbackTarget::Runtime(_) => {},
		}
	}

	fn on_failure(deal: &DealId, task: &TaskId, target: CallbackTarget) {
		if let CallbackTarget::Ethereum(_) = target {
			Bridge::on_failure(deal, task, target);
		}
	}

	/// The dearer of the two receivers: the bridge's `settle`, or the
	/// deal's read and the inbox's write.
	fn weight() -> Weight {
		let db = <Runtime as polkadot_sdk::frame_system::Config>::DbWeight::get();
		Bridge::weight().max(Inbox::receive_weight().saturating_add(db.reads(1)))
	}
}
