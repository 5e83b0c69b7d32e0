//! The result store: a content-addressed HTTP store of result bundles, run
//! by a pool (`ect scheduler` serves one) or by anyone (`ect store`), so that
//! a requester on any machine can download the output it paid for.
//!
//! | request | what it does |
//! |---|---|
//! | `PUT /tasks/0x<task>` | a worker uploads its bundle of the task (headers below); `201` |
//! | `GET /tasks/0x<task>` | the uploads of the task: `[{"worker": SS58, "bundle": "0x<hash>"}]` |
//! | `GET /bundles/0x<hash>` | the bundle whose blake2-256 is `hash` |
//!
//! An upload carries `x-ect-worker` (the worker's SS58 address),
//! `x-ect-bundle` (`0x` blake2-256 of the body) and `x-ect-signature` (`0x`
//! SCALE `MultiSignature` by the worker's key of [`upload_message`]). It is
//! accepted only from a worker with a contribution to the task on chain (so
//! one its pool's scheduler authorised), checked before the body is read;
//! one bundle per worker and task, at most [`MAX_BUNDLE_BYTES`]. Every
//! refusal is a [`StoreError`] with its HTTP status and a JSON body
//! `{"error": code, "message": …}`.
//!
//! The store keeps what it is given: whether a bundle is the certified
//! result is for its reader to check (`ect task result` checks the bundle's
//! hash against the results link and its digest against the chain). A
//! bundle sealed to the requester's key ([`ect_runner::sealed`]) is stored
//! like any other, by the hash of its sealed bytes; only its recipient can
//! read it.

pub mod authorise;
pub mod client;
pub mod disk;
pub mod error;
pub mod server;

use codec::Encode;
use ect_client::runtime::AccountId;
use polkadot_sdk::sp_core::H256;
use serde::{Deserialize, Serialize};

pub use error::StoreError;

/// The largest bundle a store accepts: 16 MiB.
pub const MAX_BUNDLE_BYTES: u64 = 16 << 20;

/// What a worker signs to upload the bundle whose hash is `bundle` for
/// `task` on the chain `genesis`.
pub fn upload_message(genesis: &H256, task: &H256, bundle: &H256) -> [u8; 32] {
	ect_runner::blake2_256(&(b"ect/store-put/v1", genesis, task, bundle).encode())
}

/// One upload of a task, as `GET /tasks/0x<task>` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
	/// The uploading worker (SS58).
	pub worker: String,
	/// `0x` + the blake2-256 of the bundle.
	pub bundle: String,
}

impl Upload {
	/// The uploading worker's account, if the address parses.
	pub fn account(&self) -> Option<AccountId> {
		use polkadot_sdk::sp_core::crypto::Ss58Codec;
		AccountId::from_ss58check(&self.worker).ok()
	}

	/// The bundle hash, if it parses.
	pub fn hash(&self) -> Option<H256> {
		parse_hash(&self.bundle)
	}
}

/// A `0x`-prefixed 32-byte hash.
pub fn parse_hash(text: &str) -> Option<H256> {
	let bytes = hex::decode(text.strip_prefix("0x")?).ok()?;
	(bytes.len() == 32).then(|| H256::from_slice(&bytes))
}

/// The URL of the bundle `hash` in the store at `base`.
pub fn bundle_url(base: &str, hash: &H256) -> String {
	format!("{}/bundles/{hash:?}", base.trim_end_matches('/'))
}

/// The URL of the uploads of `task` in the store at `base`.
pub fn task_url(base: &str, task: &H256) -> String {
	format!("{}/tasks/{task:?}", base.trim_end_matches('/'))
}
