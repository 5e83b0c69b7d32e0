//! Ids: sequential ones for registered assets, hashes for orders, deals and
//! tasks (`protocol.md` §1, §4).

use codec::Encode;
use polkadot_sdk::{sp_core::H256, sp_io::hashing::blake2_256};

/// The id of a registered app.
pub type AppId = u32;
/// The id of a registered dataset.
pub type DatasetId = u32;
/// The id of a registered workerpool.
pub type WorkerpoolId = u32;
/// The id of a task category.
pub type CategoryId = u32;
/// The id of a restriction group.
pub type GroupId = u32;

/// The hash that identifies an order: blake2-256 of
/// `(ORDER_DOMAIN, genesis hash, order kind, SCALE(order))`. Off-chain
/// signatures sign these 32 bytes.
pub type OrderHash = H256;
/// `H(request_hash, first_index)`.
pub type DealId = H256;
/// `H(deal_id, index)`.
pub type TaskId = H256;

/// The domain tag that keeps order signatures from meaning anything else.
pub const ORDER_DOMAIN: [u8; 12] = *b"ect/order/v1";

/// `deal_id = H(request_hash, first_index)`.
pub fn deal_id(request: &OrderHash, first_index: u32) -> DealId {
	H256(blake2_256(&(request, first_index).encode()))
}

/// `task_id = H(deal_id, index)`, for the request's task `index`.
pub fn task_id(deal: &DealId, index: u32) -> TaskId {
	H256(blake2_256(&(deal, index).encode()))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn ids_are_hashes_of_their_parts() {
		let request = H256::repeat_byte(7);
		let deal = deal_id(&request, 3);
		assert_eq!(deal, H256(blake2_256(&(request, 3u32).encode())));
		assert_ne!(deal, deal_id(&request, 4));
		assert_eq!(task_id(&deal, 5), H256(blake2_256(&(deal, 5u32).encode())));
		assert_ne!(task_id(&deal, 5), task_id(&deal, 6));
	}
}
