//! What workers and schedulers sign and hash (`protocol.md` §5): the result
//! hash and seal, the scheduler's authorization, the enclave's signature.

use crate::{Config, Pallet};
use codec::Encode;
use ect_primitives::{AssetRegistry, TaskId, WorkerpoolId};
use polkadot_sdk::{
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_core::H256,
	sp_io::hashing::blake2_256,
	sp_runtime::traits::Zero,
};

/// The domain tag of a scheduler's authorization.
pub const AUTHORIZATION_DOMAIN: [u8; 20] = *b"ect/authorization/v1";
/// The domain tag of an enclave's signature.
pub const ENCLAVE_DOMAIN: [u8; 14] = *b"ect/enclave/v1";

/// `H(task ‖ digest)`: what a worker commits to.
pub fn result_hash(task: &TaskId, digest: &H256) -> H256 {
	H256(blake2_256(&(task, digest).encode()))
}

/// `H(worker ‖ task ‖ digest)`: binds the commitment to the worker, so that
/// nobody can copy another worker's result hash and reveal its digest.
pub fn result_seal<AccountId: Encode>(worker: &AccountId, task: &TaskId, digest: &H256) -> H256 {
	H256(blake2_256(&(worker, task, digest).encode()))
}

/// What the scheduler signs to let `worker` (in `enclave`, if any)
/// contribute to `task` on the chain with genesis hash `genesis`.
pub fn authorization_message<AccountId: Encode, Hash: Encode>(
	genesis: &Hash,
	worker: &AccountId,
	task: &TaskId,
	enclave: Option<&AccountId>,
) -> [u8; 32] {
	blake2_256(&(AUTHORIZATION_DOMAIN, genesis, worker, task, enclave).encode())
}

/// What an enclave signs: the result hash and seal it produced.
pub fn enclave_message(result_hash: &H256, result_seal: &H256) -> [u8; 32] {
	blake2_256(&(ENCLAVE_DOMAIN, result_hash, result_seal).encode())
}

impl<T: Config> Pallet<T> {
	/// Who acts as the scheduler of a deal of `pool` that snapshotted
	/// `owner`: the owner and, while it still owns the pool, the operator key
	/// it names in the registry (so that its own key can stay cold).
	pub(crate) fn schedulers(pool: WorkerpoolId, owner: &T::AccountId) -> (T::AccountId, Option<T::AccountId>) {
		let operator = T::Registry::workerpool(pool).filter(|info| info.owner == *owner).and_then(|info| info.operator);
		(owner.clone(), operator)
	}

	/// Whether `who` acts as the scheduler of a deal of `pool` that
	/// snapshotted `owner` ([`Self::schedulers`]).
	pub(crate) fn is_scheduler(pool: WorkerpoolId, owner: &T::AccountId, who: &T::AccountId) -> bool {
		let (owner, operator) = Self::schedulers(pool, owner);
		owner == *who || operator.as_ref() == Some(who)
	}

	/// This chain's genesis hash, which authorizations are bound to.
	pub fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}
}
