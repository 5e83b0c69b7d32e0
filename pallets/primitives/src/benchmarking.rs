//! Keys and signatures for the benchmarks, which sign orders and
//! authorizations like real owners and schedulers.

use alloc::format;
use polkadot_sdk::{
	sp_core::{crypto::KeyTypeId, sr25519},
	sp_io,
	sp_runtime::{AccountId32, MultiSignature},
};

/// Makes accounts whose keys the benchmark can sign with.
pub trait BenchmarkHelper<AccountId, Signature> {
	/// The account of the `index`-th benchmark key (created on first use).
	fn signer(index: u32) -> AccountId;
	/// `signer`'s signature of `message`.
	fn sign(signer: &AccountId, message: &[u8]) -> Signature;
}

/// The key type the benchmark keys are stored under.
const BENCHMARK_KEYS: KeyTypeId = KeyTypeId(*b"ectb");

/// sr25519 keys in the benchmark's keystore, for `AccountId32` accounts and
/// `MultiSignature`s (the runtime's types).
pub struct Sr25519Keys;

impl BenchmarkHelper<AccountId32, MultiSignature> for Sr25519Keys {
	fn signer(index: u32) -> AccountId32 {
		let seed = format!("//ect-benchmark-{index}").into_bytes();
		let public = sp_io::crypto::sr25519_generate(BENCHMARK_KEYS, Some(seed));
		AccountId32::new(public.0)
	}

	fn sign(signer: &AccountId32, message: &[u8]) -> MultiSignature {
		let public = sr25519::Public::from_raw(*signer.as_ref());
		let signature = sp_io::crypto::sr25519_sign(BENCHMARK_KEYS, &public, message)
			.expect("benchmark keys are created by `signer` before they sign");
		MultiSignature::Sr25519(signature)
	}
}
