//! Waiting for chain events with a deadline.

use std::{future::Future, time::Duration};

use anyhow::{anyhow, bail, Result};
use ect_client::{runtime::Header, Rpc};
use jsonrpsee::core::client::Subscription;

/// A plain HTTP GET on loopback (a metrics endpoint), returning the body.
pub async fn http_get(port: u16, path: &str) -> Result<String> {
	use tokio::io::{AsyncReadExt, AsyncWriteExt};
	let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
	let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
	stream.write_all(request.as_bytes()).await?;
	let mut response = String::new();
	stream.read_to_string(&mut response).await?;
	let (head, body) = response.split_once("\r\n\r\n").ok_or_else(|| anyhow!("malformed HTTP response"))?;
	if !head.starts_with("HTTP/1.1 200") {
		bail!("GET {path}: {head}");
	}
	Ok(body.to_string())
}

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
			let header = next_header(&mut self.heads, deadline, "finalized-heads")
				.await
				.map_err(|e| anyhow!("block #{number} not finalized within {limit:?} (last #{}): {e}", self.last))?;
			self.last = self.last.max(header.number);
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
		let header = next_header(&mut heads, deadline, "new-heads")
			.await
			.map_err(|e| anyhow!("no best block #{number} within {limit:?}: {e}"))?;
		if header.number >= number {
			return Ok(header.number);
		}
	}
}

/// The next header of a subscription named `what`, before `deadline`.
pub(crate) async fn next_header(
	heads: &mut Subscription<Header>,
	deadline: tokio::time::Instant,
	what: &str,
) -> Result<Header> {
	match tokio::time::timeout_at(deadline, heads.next()).await {
		Err(_) => bail!("timed out"),
		Ok(Some(Ok(header))) => Ok(header),
		Ok(Some(Err(e))) => bail!("{what} subscription: {e}"),
		Ok(None) => bail!("{what} subscription closed"),
	}
}

/// Sleep-free pause: waits for `blocks` new best blocks on `rpc`.
pub async fn blocks(rpc: &Rpc, blocks: u32, limit: Duration) -> Result<u32> {
	let now = rpc.header(None).await?.number;
	best_at_least(rpc, now + blocks, limit).await
}
