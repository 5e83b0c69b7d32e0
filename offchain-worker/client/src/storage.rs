//! Typed reads of the runtime's storage: accounts and events.

use crate::{
	error::{Error, Result},
	rpc::Rpc,
	runtime::{AccountId, Balance, Hash, Nonce, Runtime, RuntimeEvent},
};
use codec::Decode;
use polkadot_sdk::{frame_system, pallet_balances, sp_crypto_hashing::twox_128};

/// An account's nonce and balances, as `frame_system` stores them.
pub type AccountInfo = frame_system::AccountInfo<Nonce, pallet_balances::AccountData<Balance>>;

/// An event with the phase of the block it was emitted in.
pub type EventRecord = frame_system::EventRecord<RuntimeEvent, Hash>;

/// The account `who` at block `at` (best if `None`); an account that does not
/// exist reads as the default (zero balances, nonce 0).
pub async fn account(rpc: &Rpc, who: &AccountId, at: Option<Hash>) -> Result<AccountInfo> {
	let key = frame_system::Account::<Runtime>::hashed_key_for(who);
	match rpc.storage(&key, at).await? {
		Some(bytes) => AccountInfo::decode(&mut &bytes[..])
			.map_err(|source| Error::Decode { what: "System.Account", source }),
		None => Ok(AccountInfo::default()),
	}
}

/// Every event emitted in block `at`.
pub async fn events(rpc: &Rpc, at: Hash) -> Result<Vec<EventRecord>> {
	// `frame_system::Events` is private to its pallet; its key is the usual
	// storage-value key of pallet prefix and item name.
	let key = [twox_128(b"System"), twox_128(b"Events")].concat();
	match rpc.storage(&key, Some(at)).await? {
		Some(bytes) => Vec::<EventRecord>::decode(&mut &bytes[..])
			.map_err(|source| Error::Decode { what: "System.Events", source }),
		None => Ok(Vec::new()),
	}
}
