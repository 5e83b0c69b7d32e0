//! The pool service: how a scheduler's authorisations reach its workers and
//! their results reach the scheduler, as JSON-RPC over WebSocket that the
//! scheduler serves ([`server`]) and workers call ([`client`]).
//!
//! | method | params | result |
//! |---|---|---|
//! | `pool_join` | worker (SS58), signature (`0x` SCALE `MultiSignature` of [`join_message`]) | `null` |
//! | `pool_assignments` | worker (SS58) | `[{task, authorization}]`: the worker's open authorisations |
//! | `pool_putResult` | task, bundle (`0x` hex) | `null`; kept until finalize checks it against the certified digest |
//! | `pool_getResult` | task | the stored bundle (`0x` hex) or `null` |
//!
//! An authorisation is the scheduler's signature that the chain checks in
//! `contribute`; it names the worker and the task, so it is useless to anyone
//! else and needs no secrecy. Joining is signed so that a scheduler only
//! authorises accounts whose keys are really running a worker.

pub mod client;
pub mod server;

use codec::Encode;
use ect_client::runtime::AccountId;
use polkadot_sdk::sp_core::H256;
use serde::{Deserialize, Serialize};

/// One authorisation of a worker for a task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
	/// The task.
	pub task: H256,
	/// `0x` + the SCALE-encoded `MultiSignature` of the scheduler over
	/// `pallet_ect_poco::authorization_message`.
	pub authorization: String,
}

/// What a worker signs to join pool `pool` on the chain `genesis`.
pub fn join_message(genesis: &H256, pool: u32, worker: &AccountId) -> [u8; 32] {
	ect_runner::blake2_256(&(b"ect/pool-join/v1", genesis, pool, worker).encode())
}

/// `0x` + hex of SCALE `value`.
pub fn to_hex(value: &impl Encode) -> String {
	format!("0x{}", hex::encode(value.encode()))
}

/// SCALE `T` from `0x` hex.
pub fn from_hex<T: codec::Decode>(text: &str) -> Result<T, String> {
	let bytes = hex::decode(text.trim_start_matches("0x")).map_err(|e| format!("not hex: {e}"))?;
	T::decode(&mut &bytes[..]).map_err(|e| format!("cannot decode: {e}"))
}
