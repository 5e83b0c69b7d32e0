//! Outbound: each finalized sidechain commitment confirmed on Ethereum, then
//! its messages executed there with their proofs.

use alloy::primitives::{Bytes, FixedBytes};
use anyhow::{bail, Context};
use pallet_ect_bridge::{Commitment, MessageProof};

use crate::{metrics::Metrics, Relayer};

/// The most sidechain blocks looked at in one round.
const MAX_BLOCKS_PER_ROUND: u32 = 600;

impl Relayer {
	/// Relays the commitments of the finalized blocks not relayed yet; stops
	/// at a root the threshold has not accepted yet (the next round goes on).
	/// The progress is saved once, at the end: blocks redone after a crash
	/// send nothing, both chains' records say what was done.
	pub(crate) async fn relay_outbound(&mut self) -> anyhow::Result<()> {
		let rpc = self.side.rpc();
		let finalized = rpc.header(Some(rpc.finalized_head().await?)).await?.number;
		let last = finalized.min(self.progress.side_next_block.saturating_add(MAX_BLOCKS_PER_ROUND));
		while self.progress.side_next_block <= last {
			let block = self.progress.side_next_block;
			let commitment: Option<Commitment> = self.side.rpc().call("BridgeApi_commitment", block).await?;
			if let Some(commitment) = commitment {
				if !self.relay_commitment(block, commitment).await? {
					break;
				}
			}
			self.progress.side_next_block = block.saturating_add(1);
		}
		self.save()
	}

	/// Confirms `block`'s root and executes its messages; false while the
	/// root waits for other relayers' confirmations.
	async fn relay_commitment(&self, block: u32, commitment: Commitment) -> anyhow::Result<bool> {
		let (side_block, root) = (u64::from(block), FixedBytes(commitment.root.0));
		let mut accepted = self.bridge.acceptedRoots(side_block).call().await?;
		if accepted.is_zero() {
			if !self.bridge.confirmed(side_block, root, self.eth_address).call().await? {
				let receipt = self.bridge.confirmRoot(side_block, root).send().await?.get_receipt().await?;
				if !receipt.status() {
					bail!("confirmRoot({block}) reverted");
				}
				log::info!("outbound block {block}: root {root} confirmed");
				Metrics::inc(&self.metrics.roots_confirmed);
			}
			accepted = self.bridge.acceptedRoots(side_block).call().await?;
			if accepted.is_zero() {
				log::debug!("outbound block {block}: waiting for the other relayers");
				return Ok(false);
			}
		}
		if accepted != root {
			bail!("Ethereum accepted root {accepted} for block {block}, the sidechain has {root}");
		}
		for nonce in commitment.first..commitment.first.saturating_add(u64::from(commitment.count)) {
			self.execute(block, nonce).await?;
		}
		Ok(true)
	}

	/// Executes message `nonce` of `block` on Ethereum unless it was.
	async fn execute(&self, block: u32, nonce: u64) -> anyhow::Result<()> {
		if self.bridge.executed(nonce).call().await? {
			return Ok(());
		}
		let proof: Option<MessageProof> =
			self.side.rpc().call("BridgeApi_message_proof", (block, nonce)).await?;
		let proof = proof.with_context(|| format!("no proof of message {nonce} at block {block}"))?;
		let siblings = proof.proof.iter().map(|h| FixedBytes(h.0)).collect::<Vec<_>>();
		let sent = self.bridge.execute(u64::from(block), Bytes::from(proof.message), siblings).send().await;
		match sent {
			Ok(pending) => {
				let receipt = pending.get_receipt().await?;
				if receipt.status() {
					log::info!("outbound message {nonce}: executed");
					Metrics::inc(&self.metrics.messages_executed);
					return Ok(());
				}
			},
			Err(error) => log::debug!("outbound message {nonce}: {error}"),
		}
		// Another relayer may have executed it meanwhile.
		if self.bridge.executed(nonce).call().await? {
			Ok(())
		} else {
			bail!("message {nonce} of block {block} could not be executed")
		}
	}
}
