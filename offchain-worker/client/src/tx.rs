//! Transactions of one account, safe to send from many tasks at once: each
//! gets the next nonce, is signed, submitted and followed into a block, and
//! comes back with exactly its own events, or with the on-chain error by name.

use codec::Encode;
use polkadot_sdk::frame_system;
use tokio::sync::Mutex;

use crate::{
	chain::ChainInfo,
	dispatch::DispatchFailure,
	error::{Error, Result},
	rpc::Rpc,
	runtime::{AccountId, Hash, RuntimeCall, RuntimeEvent},
	signer::{Mortality, Signer},
	storage,
	submit::{watch, TxStage},
};

/// How many times a submission the pool refused for a stale or future nonce
/// is retried with a nonce read again from the node.
const NONCE_RETRIES: usize = 3;

/// A transaction in a block, with the events it emitted.
#[derive(Clone, Debug)]
pub struct Included {
	/// The block.
	pub block: Hash,
	/// The events of this extrinsic only, in order.
	pub events: Vec<RuntimeEvent>,
}

/// Sends the transactions of one account through one node.
pub struct Sender {
	rpc: Rpc,
	/// What transactions are signed for; read again when the node refuses
	/// a signature after a runtime upgrade.
	chain: std::sync::Mutex<ChainInfo>,
	signer: Signer,
	/// The next nonce to use; `None` until read from the node, or after a
	/// refusal that may have left it wrong.
	nonce: Mutex<Option<u32>>,
}

impl Sender {
	/// A sender for `signer` through `rpc`.
	pub async fn new(rpc: Rpc, signer: Signer) -> Result<Self> {
		let chain = ChainInfo::fetch(&rpc).await?;
		Ok(Self { rpc, chain: std::sync::Mutex::new(chain), signer, nonce: Mutex::new(None) })
	}

	/// The sending account.
	pub fn account(&self) -> AccountId {
		self.signer.account()
	}

	/// The connection.
	pub fn rpc(&self) -> &Rpc {
		&self.rpc
	}

	/// The chain transactions are signed for (its runtime version as last
	/// read).
	pub fn chain(&self) -> ChainInfo {
		*self.chain.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
	}

	/// The signer.
	pub fn signer(&self) -> &Signer {
		&self.signer
	}

	/// Signs and submits `call`, waits until it is in a block (`InBlock`) or
	/// final, and returns its events; a call that failed on chain is
	/// [`Error::Dispatch`] naming the error.
	pub async fn send(&self, call: impl Into<RuntimeCall>, stage: TxStage) -> Result<Included> {
		let call = call.into();
		let (extrinsic, updates) = self.submit(call).await?;
		let outcome = watch(updates, stage).await?;
		let events = self.events_of(outcome.block, &extrinsic).await?;
		for event in &events {
			if let RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { dispatch_error, .. }) = event {
				return Err(Error::Dispatch(DispatchFailure::new(dispatch_error)));
			}
		}
		Ok(Included { block: outcome.block, events })
	}

	/// Signs `call` with the next nonce and hands it to the pool. Nonces are
	/// taken under a lock held only until the pool has accepted the
	/// transaction, so concurrent sends get consecutive nonces.
	async fn submit(
		&self,
		call: RuntimeCall,
	) -> Result<(Vec<u8>, jsonrpsee::core::client::Subscription<serde_json::Value>)> {
		let mut next = self.nonce.lock().await;
		let mut attempt = 0;
		let mut version_read = false;
		loop {
			let nonce = match *next {
				Some(nonce) => nonce,
				None => self.rpc.next_nonce(&self.account()).await?,
			};
			let extrinsic = self.signer.sign(call.clone(), nonce, 0, Mortality::Immortal, &self.chain()).encode();
			match self.rpc.submit_and_watch(&extrinsic).await {
				Ok(updates) => {
					*next = Some(nonce.saturating_add(1));
					return Ok((extrinsic, updates));
				},
				Err(error) if is_signature_refusal(&error) && !version_read => {
					// Signed for a runtime the chain no longer runs: read its
					// version once, and sign again if it changed.
					version_read = true;
					if !self.refresh_chain().await? {
						return Err(error);
					}
				},
				Err(error) => {
					*next = None;
					attempt += 1;
					if attempt >= NONCE_RETRIES || !is_nonce_refusal(&error) {
						return Err(error);
					}
				},
			}
		}
	}

	/// Reads the runtime version again; whether its `spec_version` changed
	/// (a runtime upgrade since the last read), and then signs for the new
	/// one. An upgrade that changed the transaction format (another
	/// `transaction_version`) is [`Error::IncompatibleRuntime`]: this
	/// build's calls may mean something else to it.
	pub async fn refresh_chain(&self) -> Result<bool> {
		let fresh = ChainInfo::fetch(&self.rpc).await?;
		let mut chain = self.chain.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
		if fresh.transaction_version != chain.transaction_version {
			return Err(Error::IncompatibleRuntime {
				built_for: chain.transaction_version,
				running: fresh.transaction_version,
			});
		}
		let changed = *chain != fresh;
		*chain = fresh;
		Ok(changed)
	}

	/// The events that the extrinsic `extrinsic` emitted in block `block`.
	async fn events_of(&self, block: Hash, extrinsic: &[u8]) -> Result<Vec<RuntimeEvent>> {
		let index = self
			.rpc
			.block_extrinsics(block)
			.await?
			.iter()
			.position(|x| x == extrinsic)
			.ok_or(Error::BadResponse { method: "chain_getBlock", detail: "the extrinsic is not in its block".into() })?;
		Ok(storage::events(&self.rpc, block)
			.await?
			.into_iter()
			.filter(|record| record.phase == frame_system::Phase::ApplyExtrinsic(index as u32))
			.map(|record| record.event)
			.collect())
	}
}

/// Whether the pool refused a transaction's signature (`1010: Invalid
/// Transaction: Transaction has a bad signature`): the runtime it was
/// signed for may have been upgraded.
fn is_signature_refusal(error: &Error) -> bool {
	error.to_string().contains("bad signature")
}

/// Whether the pool refused a transaction for its nonce (`1010: Invalid
/// Transaction: Transaction is outdated` or `... will be valid in the
/// future`) or for a clash with one already in the pool (`1014: Priority is
/// too low`): a fresh nonce may fix it.
fn is_nonce_refusal(error: &Error) -> bool {
	let text = error.to_string();
	text.contains("outdated") || text.contains("in the future") || text.contains("Priority is too low")
}
