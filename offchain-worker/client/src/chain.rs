//! The facts about a chain that a signed transaction commits to.

use crate::{error::Result, rpc::Rpc, runtime::Hash};

/// What a signature is bound to: the chain (its genesis hash) and the runtime
/// version. A transaction signed for another chain or another transaction
/// format is refused by the runtime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainInfo {
	/// Hash of the chain's genesis block.
	pub genesis_hash: Hash,
	/// `spec_version` of the runtime the transaction is signed for.
	pub spec_version: u32,
	/// `transaction_version` of that runtime.
	pub transaction_version: u32,
}

impl ChainInfo {
	/// Reads the chain's facts from a node.
	pub async fn fetch(rpc: &Rpc) -> Result<Self> {
		let genesis_hash = rpc.genesis_hash().await?;
		let version = rpc.runtime_version().await?;
		Ok(Self {
			genesis_hash,
			spec_version: version.spec_version,
			transaction_version: version.transaction_version,
		})
	}
}
