//! The ECT protocol pallets.

use crate::{Balances, Runtime, RuntimeHoldReason};
use polkadot_sdk::frame_support::{parameter_types, PalletId};

parameter_types! {
	/// The escrow's pot and kitty accounts derive from this id.
	pub const EscrowPalletId: PalletId = PalletId(*b"ect/escr");
}

impl pallet_ect_escrow::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = EscrowPalletId;
}
