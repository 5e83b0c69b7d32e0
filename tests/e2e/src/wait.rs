//! Waiting for chain events with a deadline.

use std::{future::Future, time::Duration};

use anyhow::{anyhow, bail, Result};
use ect_client::{runtime::Header, Rpc};
use jsonrpsee::core::client::Subscription;

/// Runs a test body with a deadline; a test that overruns fails (and its
/// nodes are killed by their `Drop`).
pub async fn with_timeout<F: Future<Output = Result<()>>>(limit: Duration, body: F) -> Result<()> {
	tokio::time::timeout(limit, body)
		.await
		.map_err(|_| anyhow!("test did not finish within {limit:?}"))?
}

/// Follows one node's finalized heads.
pub struct FinalityWatch {
	heads: Subscription<Header>,
	/// The highest finalized block number seen so far.
	pub last: u32,
}

impl FinalityWatch {
	/// Subscribes to `rpc`'s finalized heads.
	pub async fn new(rpc: &Rpc) -> Result<Self> {
		let heads = rpc.subscribe_finalized_heads().await?;
		Ok(Self { heads, last: 0 })
	}

	/// Waits until a block numbered at least `number` is finalized.
	pub async fn until(&mut self, number: u32, limit: Duration) -> Result<u32> {
		let deadline = tokio::time::Instant::now() + limit;
		while self.last < number {
			let next = tokio::time::timeout_at(deadline, self.heads.next())
				.await
				.map_err(|_| anyhow!("block #{number} not finalized within {limit:?} (last #{})", self.last))?;
			match next {
				Some(Ok(header)) => self.last = self.last.max(header.number),
				Some(Err(e)) => bail!("finalized-heads subscription: {e}"),
				None => bail!("finalized-heads subscription closed at #{}", self.last),
			}
		}
		Ok(self.last)
	}

	/// Waits until `count` more blocks are finalized after the last one seen.
	pub async fn advance(&mut self, count: u32, limit: Duration) -> Result<u32> {
		if self.last == 0 {
			self.until(1, limit).await?;
		}
		self.until(self.last + count, limit).await
	}
}

/// Waits for the next best head numbered at least `number`.
pub async fn best_at_least(rpc: &Rpc, number: u32, limit: Duration) -> Result<u32> {
	let mut heads = rpc.subscribe_new_heads().await?;
	let deadline = tokio::time::Instant::now() + limit;
	loop {
		let next = tokio::time::timeout_at(deadline, heads.next())
			.await
			.map_err(|_| anyhow!("no best block #{number} within {limit:?}"))?;
		match next {
			Some(Ok(header)) if header.number >= number => return Ok(header.number),
			Some(Ok(_)) => continue,
			Some(Err(e)) => bail!("new-heads subscription: {e}"),
			None => bail!("new-heads subscription closed"),
		}
	}
}

/// Sleep-free pause: waits for `blocks` new best blocks on `rpc`.
pub async fn blocks(rpc: &Rpc, blocks: u32, limit: Duration) -> Result<u32> {
	let now = rpc.header(None).await?.number;
	best_at_least(rpc, now + blocks, limit).await
}
