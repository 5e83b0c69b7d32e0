//! Fire-and-forget submission for load: an account's transactions signed
//! with locally counted nonces and handed to the pool without watching them.
//! Their outcome is read from the blocks' events by the caller.

use ect_client::{
	runtime::{AccountId, RuntimeCall},
	ChainInfo, Mortality, Rpc, Signer,
};

/// One account's submissions.
pub struct Submitter {
	signer: Signer,
	account: AccountId,
	next_nonce: Option<u32>,
	tip: u128,
}

impl Submitter {
	/// A submitter for `signer`; its nonce is read at the first submission.
	pub fn new(signer: Signer) -> Self {
		let account = signer.account();
		Self { signer, account, next_nonce: None, tip: 0 }
	}

	/// The same, tipping `tip` on each transaction: the pool orders a
	/// tipped transaction before untipped ones.
	pub fn with_tip(self, tip: u128) -> Self {
		Self { tip, ..self }
	}

	/// The account.
	pub fn account(&self) -> &AccountId {
		&self.account
	}

	/// The key.
	pub fn signer(&self) -> &Signer {
		&self.signer
	}

	/// Signs `calls` with consecutive nonces; the extrinsics are submitted
	/// by [`submit_all`]. A refused submission makes the next call re-read
	/// the nonce ([`Self::resync`]).
	pub async fn sign(&mut self, rpc: &Rpc, chain: &ChainInfo, calls: Vec<RuntimeCall>) -> ect_client::Result<Vec<Vec<u8>>> {
		let mut nonce = match self.next_nonce {
			Some(nonce) => nonce,
			None => rpc.next_nonce(&self.account).await?,
		};
		let mut signed = Vec::with_capacity(calls.len());
		for call in calls {
			signed.push(codec::Encode::encode(&self.signer.sign(call, nonce, self.tip, Mortality::Immortal, chain)));
			nonce = nonce.saturating_add(1);
		}
		self.next_nonce = Some(nonce);
		Ok(signed)
	}

	/// Forgets the local nonce: the next signing reads it from the node.
	pub fn resync(&mut self) {
		self.next_nonce = None;
	}
}

/// Submits `extrinsics` with at most `parallel` requests in flight; returns
/// the errors of those the node refused, with their index.
pub async fn submit_all(rpc: &Rpc, extrinsics: Vec<Vec<u8>>, parallel: usize) -> Vec<(usize, ect_client::Error)> {
	use futures::stream::{self, StreamExt};
	stream::iter(extrinsics.into_iter().enumerate())
		.map(|(i, extrinsic)| async move { rpc.submit(&extrinsic).await.err().map(|e| (i, e)) })
		.buffer_unordered(parallel.max(1))
		.filter_map(|refused| async move { refused })
		.collect()
		.await
}
