//! The Ethereum ABI encoding of an outbound message, as the contract's
//! `abi.decode(message, (uint64, uint8, uint64, bytes32, address, uint128, bytes))`
//! reads it, and its Merkle leaf.

use crate::types::OutboundMessage;
use alloc::vec::Vec;
use polkadot_sdk::{frame_support::traits::Get, sp_core::H256, sp_io::hashing::keccak_256};

/// A 32-byte ABI word holding `value` (big-endian, left-padded).
fn word(value: u128) -> [u8; 32] {
	let mut word = [0u8; 32];
	word[16..].copy_from_slice(&value.to_be_bytes());
	word
}

/// The seven head words, then the data's length and its bytes padded to 32.
pub fn encode<L: Get<u32>>(message: &OutboundMessage<L>) -> Vec<u8> {
	const HEAD_WORDS: u128 = 7;
	let data = message.data.as_slice();
	let padded = data.len().div_ceil(32).saturating_mul(32);
	let mut out = Vec::with_capacity(256usize.saturating_add(padded));
	out.extend_from_slice(&word(u128::from(message.nonce)));
	out.extend_from_slice(&word(u128::from(message.kind.code())));
	out.extend_from_slice(&word(u128::from(message.request)));
	out.extend_from_slice(message.task.as_bytes());
	let mut recipient = [0u8; 32];
	recipient[12..].copy_from_slice(message.recipient.as_bytes());
	out.extend_from_slice(&recipient);
	out.extend_from_slice(&word(message.amount));
	out.extend_from_slice(&word(HEAD_WORDS * 32));
	out.extend_from_slice(&word(data.len() as u128));
	out.extend_from_slice(data);
	out.resize(out.len().saturating_add(padded.saturating_sub(data.len())), 0);
	out
}

/// The message's Merkle leaf: `keccak256(keccak256(encoding))`.
pub fn leaf<L: Get<u32>>(message: &OutboundMessage<L>) -> H256 {
	H256(keccak_256(&keccak_256(&encode(message))))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::types::MessageKind;
	use polkadot_sdk::{frame_support::traits::ConstU32, sp_core::H160};

	#[test]
	fn encodes_like_solidity_abi_encode() {
		let message = OutboundMessage::<ConstU32<64>> {
			nonce: 5,
			kind: MessageKind::Refund,
			request: 9,
			task: H256::repeat_byte(0xaa),
			recipient: H160::repeat_byte(0x11),
			amount: 1_000_000,
			data: b"abc".to_vec().try_into().unwrap(),
		};
		let bytes = encode(&message);
		// 7 head words, the length word, 3 bytes padded to a word.
		assert_eq!(bytes.len(), 9 * 32);
		assert_eq!(bytes[31], 5);
		assert_eq!(bytes[63], 1);
		assert_eq!(bytes[95], 9);
		assert_eq!(&bytes[96..128], &[0xaa; 32]);
		assert_eq!(&bytes[128..140], &[0; 12]);
		assert_eq!(&bytes[140..160], &[0x11; 20]);
		assert_eq!(&bytes[176..192], &1_000_000u128.to_be_bytes());
		assert_eq!(bytes[223], 224);
		assert_eq!(bytes[255], 3);
		assert_eq!(&bytes[256..259], b"abc");
		assert!(bytes[259..].iter().all(|b| *b == 0));
	}

	#[test]
	fn empty_data_has_no_padding_word() {
		let message = OutboundMessage::<ConstU32<64>> {
			nonce: 1,
			kind: MessageKind::Withdrawal,
			request: 0,
			task: H256::zero(),
			recipient: H160::zero(),
			amount: 0,
			data: Default::default(),
		};
		assert_eq!(encode(&message).len(), 8 * 32);
	}
}
