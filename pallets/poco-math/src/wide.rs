//! An exact, fixed-width unsigned integer for group weights.
//!
//! A group weight is a product of worker weights (`u32`), so with 32
//! contributors it can reach `2^1024`. The consensus rule multiplies it by the
//! trust level (`u32`). [`Wide`] holds `LIMBS * 64 = 1088` bits, which fits
//! every value the rule computes for up to 32 contributions (the runtime's
//! `MaxContributors`), with no rounding. Larger inputs give [`Overflow`], never
//! a wrong answer.

use core::cmp::Ordering;

/// Number of 64-bit limbs.
pub const LIMBS: usize = 17;

/// The computation does not fit in [`Wide`] (more contributions than the
/// bound it is sized for).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow;

/// An unsigned integer of `LIMBS` 64-bit limbs, least significant first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wide([u64; LIMBS]);

impl Wide {
	/// Zero.
	pub const ZERO: Self = Self([0; LIMBS]);

	/// One.
	pub const ONE: Self = Self::from_u64(1);

	/// `value` as a wide integer.
	pub const fn from_u64(value: u64) -> Self {
		let mut limbs = [0; LIMBS];
		limbs[0] = value;
		Self(limbs)
	}

	/// Whether this is zero.
	pub fn is_zero(&self) -> bool {
		self.0.iter().all(|limb| *limb == 0)
	}

	/// `self * factor`, or [`Overflow`].
	pub fn checked_mul_u64(&self, factor: u64) -> Result<Self, Overflow> {
		let mut out = [0u64; LIMBS];
		let mut carry: u128 = 0;
		for (o, limb) in out.iter_mut().zip(self.0.iter()) {
			// (2^64 - 1)^2 + (2^64 - 1) < 2^128: no overflow in u128.
			let product = u128::from(*limb) * u128::from(factor) + carry;
			*o = product as u64;
			carry = product >> 64;
		}
		if carry == 0 {
			Ok(Self(out))
		} else {
			Err(Overflow)
		}
	}

	/// `self + other`, or [`Overflow`].
	pub fn checked_add(&self, other: &Self) -> Result<Self, Overflow> {
		let mut out = [0u64; LIMBS];
		let mut carry = false;
		for ((o, a), b) in out.iter_mut().zip(self.0.iter()).zip(other.0.iter()) {
			let (sum, c1) = a.overflowing_add(*b);
			let (sum, c2) = sum.overflowing_add(u64::from(carry));
			*o = sum;
			carry = c1 || c2;
		}
		if carry {
			Err(Overflow)
		} else {
			Ok(Self(out))
		}
	}

	/// The value as `u128`, if it fits.
	pub fn to_u128(&self) -> Option<u128> {
		if self.0[2..].iter().any(|limb| *limb != 0) {
			return None;
		}
		Some(u128::from(self.0[0]) | (u128::from(self.0[1]) << 64))
	}
}

impl Ord for Wide {
	fn cmp(&self, other: &Self) -> Ordering {
		// Most significant limb first.
		self.0.iter().rev().cmp(other.0.iter().rev())
	}
}

impl PartialOrd for Wide {
	fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
		Some(self.cmp(other))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	fn wide(v: u128) -> Wide {
		let low = Wide::from_u64(v as u64);
		let high = Wide::from_u64((v >> 64) as u64);
		let mut limbs = low.0;
		limbs[1] = high.0[0];
		Wide(limbs)
	}

	#[test]
	fn thirty_two_maximal_weights_times_trust_fit() {
		let mut product = Wide::ONE;
		for _ in 0..32 {
			product = product.checked_mul_u64(u64::from(u32::MAX)).unwrap();
		}
		let with_trust = product.checked_mul_u64(u64::from(u32::MAX)).unwrap();
		assert!(with_trust > product);
		// And 32 such groups summed still fit.
		let mut sum = Wide::ONE;
		for _ in 0..32 {
			sum = sum.checked_add(&product).unwrap();
		}
		assert!(sum.checked_mul_u64(u64::from(u32::MAX)).is_ok());
	}

	#[test]
	fn overflow_is_reported_not_wrapped() {
		let mut value = Wide::ONE;
		let mut result = Ok(value);
		for _ in 0..LIMBS * 2 {
			result = value.checked_mul_u64(u64::MAX);
			match result {
				Ok(v) => value = v,
				Err(_) => break,
			}
		}
		assert_eq!(result, Err(Overflow));
		let max = Wide([u64::MAX; LIMBS]);
		assert_eq!(max.checked_add(&Wide::ONE), Err(Overflow));
	}

	proptest! {
		#[test]
		fn matches_u128_arithmetic(a in any::<u64>(), b in any::<u64>(), c in any::<u64>()) {
			let product = u128::from(a) * u128::from(b);
			prop_assert_eq!(Wide::from_u64(a).checked_mul_u64(b).unwrap().to_u128(), Some(product));
			let sum = product.checked_add(u128::from(c));
			if let Some(sum) = sum {
				prop_assert_eq!(wide(product).checked_add(&Wide::from_u64(c)).unwrap().to_u128(), Some(sum));
			}
			prop_assert_eq!(wide(product).cmp(&wide(u128::from(c))), product.cmp(&u128::from(c)));
		}
	}
}
