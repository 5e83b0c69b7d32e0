//! A JSON-RPC connection to an ECT node over WebSocket, with typed wrappers of
//! the standard Substrate methods the agents use.

use std::time::Duration;

use crate::{
	error::{from_hex, Error, Result},
	runtime::{AccountId, Hash, Header},
};
use jsonrpsee::{
	core::client::{ClientT, Subscription, SubscriptionClientT},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use polkadot_sdk::{sp_core::crypto::Ss58Codec, sp_version::RuntimeVersion};

/// How long one request may take before it fails.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A connection to one node.
pub struct Rpc {
	client: WsClient,
	url: String,
}

impl Rpc {
	/// Connects to `url` (`ws://127.0.0.1:9944`).
	pub async fn connect(url: &str) -> Result<Self> {
		let client = WsClientBuilder::default()
			.request_timeout(REQUEST_TIMEOUT)
			.connection_timeout(REQUEST_TIMEOUT)
			.build(url)
			.await?;
		Ok(Self { client, url: url.to_string() })
	}

	/// The address this connection was made to.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// The underlying JSON-RPC client, for methods without a wrapper here.
	pub fn raw(&self) -> &WsClient {
		&self.client
	}

	/// Hash of the block at `number` (`chain_getBlockHash`), if there is one.
	pub async fn block_hash(&self, number: u32) -> Result<Option<Hash>> {
		Ok(self.client.request("chain_getBlockHash", rpc_params![number]).await?)
	}

	/// Hash of the genesis block.
	pub async fn genesis_hash(&self) -> Result<Hash> {
		self.block_hash(0).await?.ok_or(Error::BadResponse {
			method: "chain_getBlockHash",
			detail: "the node has no genesis block".into(),
		})
	}

	/// Hash of the last finalized block.
	pub async fn finalized_head(&self) -> Result<Hash> {
		Ok(self.client.request("chain_getFinalizedHead", rpc_params![]).await?)
	}

	/// The header of block `at` (the best block if `None`).
	pub async fn header(&self, at: Option<Hash>) -> Result<Header> {
		let header: Option<Header> = self.client.request("chain_getHeader", rpc_params![at]).await?;
		header.ok_or(Error::BadResponse { method: "chain_getHeader", detail: "unknown block".into() })
	}

	/// The runtime version at the best block.
	pub async fn runtime_version(&self) -> Result<RuntimeVersion> {
		Ok(self.client.request("state_getRuntimeVersion", rpc_params![]).await?)
	}

	/// The next nonce of `account`, counting transactions already in the pool.
	pub async fn next_nonce(&self, account: &AccountId) -> Result<u32> {
		Ok(self
			.client
			.request("system_accountNextIndex", rpc_params![account.to_ss58check()])
			.await?)
	}

	/// Calls the runtime API function `method` (`Core_version`,
	/// `Metadata_metadata_versions`, ...) with SCALE-encoded `args` at block
	/// `at` (best if `None`); returns the SCALE-encoded result.
	pub async fn state_call(&self, method: &str, args: &[u8], at: Option<Hash>) -> Result<Vec<u8>> {
		let result: String = self
			.client
			.request("state_call", rpc_params![method, format!("0x{}", hex::encode(args)), at])
			.await?;
		from_hex("state_call", &result)
	}

	/// Raw storage value at `key`, at block `at` (best if `None`).
	pub async fn storage(&self, key: &[u8], at: Option<Hash>) -> Result<Option<Vec<u8>>> {
		let value: Option<String> = self
			.client
			.request("state_getStorage", rpc_params![format!("0x{}", hex::encode(key)), at])
			.await?;
		value.map(|v| from_hex("state_getStorage", &v)).transpose()
	}

	/// Submits an encoded extrinsic without watching it; returns its hash.
	pub async fn submit(&self, extrinsic: &[u8]) -> Result<Hash> {
		Ok(self
			.client
			.request("author_submitExtrinsic", rpc_params![format!("0x{}", hex::encode(extrinsic))])
			.await?)
	}

	/// Submits an encoded extrinsic and subscribes to its status updates.
	pub async fn submit_and_watch(
		&self,
		extrinsic: &[u8],
	) -> Result<Subscription<serde_json::Value>> {
		Ok(self
			.client
			.subscribe(
				"author_submitAndWatchExtrinsic",
				rpc_params![format!("0x{}", hex::encode(extrinsic))],
				"author_unwatchExtrinsic",
			)
			.await?)
	}

	/// Subscribes to the headers of newly finalized blocks.
	pub async fn subscribe_finalized_heads(&self) -> Result<Subscription<Header>> {
		Ok(self
			.client
			.subscribe(
				"chain_subscribeFinalizedHeads",
				rpc_params![],
				"chain_unsubscribeFinalizedHeads",
			)
			.await?)
	}

	/// Subscribes to the headers of new best blocks.
	pub async fn subscribe_new_heads(&self) -> Result<Subscription<Header>> {
		Ok(self
			.client
			.subscribe("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
			.await?)
	}

	/// The encoded extrinsics of block `at` (`chain_getBlock`), in order.
	pub async fn block_extrinsics(&self, at: Hash) -> Result<Vec<Vec<u8>>> {
		let block: Option<serde_json::Value> = self.client.request("chain_getBlock", rpc_params![at]).await?;
		let bad = |detail: &str| Error::BadResponse { method: "chain_getBlock", detail: detail.into() };
		let block = block.ok_or_else(|| bad("unknown block"))?;
		let extrinsics = block
			.pointer("/block/extrinsics")
			.and_then(|v| v.as_array())
			.ok_or_else(|| bad("no block.extrinsics"))?;
		extrinsics
			.iter()
			.map(|x| from_hex("chain_getBlock", x.as_str().ok_or_else(|| bad("extrinsic is not a string"))?))
			.collect()
	}

	/// Calls the runtime API function `method` with `args` at the best block
	/// and decodes its answer as `R`.
	pub async fn call<R: codec::Decode>(&self, method: &'static str, args: impl codec::Encode) -> Result<R> {
		let bytes = self.state_call(method, &args.encode(), None).await?;
		R::decode(&mut &bytes[..]).map_err(|source| Error::Decode { what: method, source })
	}

	/// Reads and decodes the storage value at `key` (best block).
	pub async fn value<T: codec::Decode>(&self, what: &'static str, key: &[u8]) -> Result<Option<T>> {
		self.storage(key, None)
			.await?
			.map(|bytes| T::decode(&mut &bytes[..]).map_err(|source| Error::Decode { what, source }))
			.transpose()
	}
}
