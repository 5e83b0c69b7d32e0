//! The Merkle tree of a block's outbound messages, as the Ethereum contract
//! checks it: pairs are hashed in sorted order (`keccak256(min ‖ max)`), so a
//! proof is only the sibling hashes; levels pair nodes (0,1), (2,3), …, and
//! an odd last node goes up unchanged. One leaf is its own root.

use alloc::vec::Vec;
use polkadot_sdk::{sp_core::H256, sp_io::hashing::keccak_256};

/// The parent of two nodes.
pub fn parent(a: &H256, b: &H256) -> H256 {
	let (low, high) = if a <= b { (a, b) } else { (b, a) };
	let mut both = [0u8; 64];
	both[..32].copy_from_slice(low.as_bytes());
	both[32..].copy_from_slice(high.as_bytes());
	H256(keccak_256(&both))
}

/// The level above `level`.
fn up(level: &[H256]) -> Vec<H256> {
	level
		.chunks(2)
		.map(|pair| match pair {
			[a, b] => parent(a, b),
			[a] => *a,
			_ => H256::zero(),
		})
		.collect()
}

/// The root of `leaves`, none if there are none.
pub fn root(leaves: &[H256]) -> Option<H256> {
	let mut level = leaves.to_vec();
	while level.len() > 1 {
		level = up(&level);
	}
	level.first().copied()
}

/// The siblings that lead from leaf `index` to the root.
pub fn proof(leaves: &[H256], index: usize) -> Option<Vec<H256>> {
	if index >= leaves.len() {
		return None;
	}
	let (mut level, mut at, mut siblings) = (leaves.to_vec(), index, Vec::new());
	while level.len() > 1 {
		if let Some(sibling) = level.get(at ^ 1) {
			siblings.push(*sibling);
		}
		level = up(&level);
		at /= 2;
	}
	Some(siblings)
}

/// Whether `proof` leads from `leaf` to `root` (the contract's check).
pub fn verify(leaf: &H256, proof: &[H256], root: &H256) -> bool {
	proof.iter().fold(*leaf, |node, sibling| parent(&node, sibling)) == *root
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	fn leaves(n: usize) -> Vec<H256> {
		(0..n).map(|i| H256(keccak_256(&i.to_le_bytes()))).collect()
	}

	#[test]
	fn one_leaf_is_its_own_root() {
		let one = leaves(1);
		assert_eq!(root(&one), Some(one[0]));
		assert_eq!(proof(&one, 0), Some(Vec::new()));
		assert_eq!(root(&[]), None);
	}

	#[test]
	fn three_leaves_carry_the_odd_one_up() {
		let l = leaves(3);
		assert_eq!(root(&l), Some(parent(&parent(&l[0], &l[1]), &l[2])));
		assert_eq!(proof(&l, 2), Some(vec![parent(&l[0], &l[1])]));
	}

	proptest! {
		#[test]
		fn every_leaf_proves_and_no_other_does(n in 1usize..40, pick in 0usize..40, other in any::<[u8; 32]>()) {
			let l = leaves(n);
			let r = root(&l).unwrap();
			let i = pick % n;
			let p = proof(&l, i).unwrap();
			prop_assert!(verify(&l[i], &p, &r));
			prop_assert!(!verify(&H256(other), &p, &r));
			prop_assert!(proof(&l, n).is_none());
		}
	}
}
