//! The pool service: how a scheduler's authorisations reach its workers, as
//! JSON-RPC over WebSocket that the scheduler serves ([`server`]) and
//! workers call ([`client`]). Results do not travel here: workers upload
//! them to a result store (`crate::store`).
//!
//! | method | params | result |
//! |---|---|---|
//! | `pool_challenge` | none | `0x` + 32 fresh random bytes, valid once, for [`server::CHALLENGE_TTL`] |
//! | `pool_join` | worker (SS58), challenge, signature (`0x` SCALE `MultiSignature` of [`join_message`]), capabilities (a JSON [`Capabilities`]: `{"cpu_cores", "memory_mib", "disk_mib", "gpu_memory_mib", "cpu_arch", "fuel_per_sec"}`) | `{"store": URL}`: the pool's result store; the connection is now the worker's |
//! | `pool_assignments` | none | `[{task, authorization, slot?}]`: the joined worker's open authorisations; `slot` (`{deal, index}`) when the worker's contribution is to initialize the task |
//! | `pool_task` | task (`0x` + 64 hex digits) | [`TaskView`] `{"assigned": [SS58], "waiting": reason or null}`: the workers authorised for the task, and why the scheduler cannot authorise more now if it cannot; no join needed |
//!
//! A worker proves its key by signing a challenge the service just issued,
//! so a captured join cannot be replayed; a private pool (an allow-list)
//! admits only the workers on its list. The signature covers the worker's
//! capabilities, which the scheduler matches against its tasks' deal
//! requirements. Only a joined connection gets assignments, and only its
//! own worker's. Every call is bounded: open connections, request size,
//! calls per second per connection, outstanding challenges, the length of
//! a reported architecture name; a refusal is a [`PoolError`] with its own
//! JSON-RPC code.
//!
//! An authorisation is the scheduler's signature that the chain checks in
//! `contribute`; it names the worker and the task, so it is useless to anyone
//! else and needs no secrecy.

pub mod client;
pub mod error;
pub mod server;

use codec::Encode;
use ect_client::runtime::AccountId;
use polkadot_sdk::sp_core::H256;
use serde::{Deserialize, Serialize};

pub use crate::worker::capabilities::Capabilities;
pub use error::PoolError;

/// One authorisation of a worker for a task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
	/// The task.
	pub task: H256,
	/// `0x` + the SCALE-encoded `MultiSignature` of the scheduler over
	/// `pallet_ect_poco::authorization_message`.
	pub authorization: String,
	/// The task's deal and index, for a task its scheduler leaves to the
	/// worker's contribution to initialize (`None`: the scheduler
	/// initializes it before it authorises anyone).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub slot: Option<Slot>,
}

/// Where a task comes from: its deal and its index in it, what
/// `initialize` takes (and what the task id is the hash of).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
	/// The deal.
	pub deal: H256,
	/// The task's index in it.
	pub index: u32,
}

/// What a joined worker is told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joined {
	/// The base URL of the pool's result store.
	pub store: String,
}

/// What the pool service says of a task (`pool_task`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskView {
	/// The workers the scheduler authorised for it (SS58), while it takes
	/// contributions.
	pub assigned: Vec<String>,
	/// Why the scheduler cannot authorise the workers the replication rule
	/// asks for now (no joined worker meets the deal's requirements, or
	/// none has joined); `None` if nothing holds it back.
	pub waiting: Option<String>,
}

/// What a worker signs to join pool `pool` on the chain `genesis` with the
/// service's `challenge`, reporting `capabilities`.
pub fn join_message(
	genesis: &H256,
	pool: u32,
	worker: &AccountId,
	challenge: &[u8; 32],
	capabilities: &Capabilities,
) -> [u8; 32] {
	ect_runner::blake2_256(&(b"ect/pool-join/v3", genesis, pool, worker, challenge, capabilities).encode())
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
