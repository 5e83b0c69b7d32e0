//! A network of validators on loopback: each with a fixed node key (the
//! first is the others' bootnode), started with its dev seed's session keys
//! (`--alice`, ...) or with none (keys rotated later through its RPC); and
//! what tells who authors and who votes.

use std::{path::Path, process::Command, time::Duration};

use anyhow::{anyhow, ensure, Context, Result};
use codec::Decode;
use ect_client::{
	runtime::{Hash, Header},
	Rpc,
};
use ect_runtime::polkadot_sdk::{
	sp_consensus_aura::{sr25519::AuthorityId as AuraId, Slot, AURA_ENGINE_ID},
	sp_consensus_grandpa::AuthorityId as GrandpaId,
	sp_runtime::DigestItem,
};

use crate::{node::node_binary, FinalityWatch, Node, NodeConfig, WorkDir};

/// The fixed libp2p secret key of validator number `index`. A validator needs
/// a persistent node key on a non-dev chain, and a fixed one keeps its peer id
/// across restarts; the first validator is the others' bootnode.
pub fn node_key(index: usize) -> String {
	format!("{:064x}", index + 1)
}

/// The peer id of a node key, as `ect-node key inspect-node-key` derives it.
pub fn peer_id(work: &Path, secret: &str) -> Result<String> {
	let file = work.join("bootnode.key");
	std::fs::write(&file, secret)?;
	let output = Command::new(node_binary()?)
		.args(["key", "inspect-node-key", "--file"])
		.arg(&file)
		.output()?;
	ensure!(output.status.success(), "inspect-node-key: {}", String::from_utf8_lossy(&output.stderr));
	Ok(String::from_utf8(output.stdout)?.trim().to_string())
}

/// Starts validator number `index` of a network on `chain`, named `name`,
/// with its dev seed's keys (`--{name}`) if `dev_keys`, booting from
/// `bootnode` (validator 0) if given.
pub fn start_validator(
	work: &WorkDir,
	chain: &str,
	name: &str,
	index: usize,
	dev_keys: bool,
	bootnode: Option<&Node>,
) -> Result<Node> {
	let root = work.path();
	let mut config =
		NodeConfig::new(name, chain, root).args(["--validator".to_string(), "--node-key".into(), node_key(index)]);
	if dev_keys {
		config = config.args([format!("--{name}")]);
	}
	if let Some(bootnode) = bootnode {
		config = config.args(["--bootnodes".to_string(), bootnode.config().multiaddr(&peer_id(root, &node_key(0))?)]);
	}
	Node::start(config, root)
}

/// Starts one validator per name (`alice`, `bob`, ...) on `chain`, each
/// with its dev seed's keys; the first is the bootnode of the others.
pub fn start_validators(work: &WorkDir, chain: &str, names: &[&str]) -> Result<Vec<Node>> {
	let mut nodes: Vec<Node> = Vec::new();
	for (i, name) in names.iter().enumerate() {
		let node = start_validator(work, chain, name, i, true, nodes.first())?;
		nodes.push(node);
	}
	Ok(nodes)
}

/// Finality watches on each node, all past block #`number`.
pub async fn all_finalize(nodes: &[&Node], number: u32, limit: Duration) -> Result<Vec<FinalityWatch>> {
	let mut watches = Vec::new();
	for node in nodes {
		let rpc = node.rpc().await?;
		let mut watch = FinalityWatch::new(&rpc).await?;
		watch
			.until(number, limit)
			.await
			.with_context(|| format!("{} did not finalize #{number}", node.config().name))?;
		watches.push(watch);
	}
	Ok(watches)
}

/// Restarts `node` on its base path and checks that it catches up with
/// `reference`'s finalized chain and then follows new finality.
pub async fn restart_and_catch_up(node: &mut Node, reference: &Node, limit: Duration) -> Result<()> {
	node.restart()?;
	let reference = reference.rpc().await?;
	let target = reference.header(Some(reference.finalized_head().await?)).await?.number;
	let rpc = node.rpc().await?;
	let mut watch = FinalityWatch::new(&rpc).await?;
	watch
		.until(target + 2, limit)
		.await
		.with_context(|| format!("restarted {} did not catch up to #{target}", node.config().name))?;
	// Same block hashes as the reference: it caught up with the same chain.
	let ours = rpc.block_hash(target).await?;
	let theirs = reference.block_hash(target).await?;
	ensure!(ours.is_some() && ours == theirs, "#{target}: {ours:?} != {theirs:?}");
	Ok(())
}

/// Follows `rpc`'s best heads (finalized heads if `finalized`) until
/// `check` accepts one; returns its number.
pub async fn until_head<F, Fut>(rpc: &Rpc, finalized: bool, limit: Duration, mut check: F) -> Result<u32>
where
	F: FnMut(Header) -> Fut,
	Fut: std::future::Future<Output = Result<bool>>,
{
	let mut heads = if finalized { rpc.subscribe_finalized_heads().await? } else { rpc.subscribe_new_heads().await? };
	let deadline = tokio::time::Instant::now() + limit;
	loop {
		let header = crate::wait::next_header(&mut heads, deadline, "heads").await?;
		let number = header.number;
		if check(header).await? {
			return Ok(number);
		}
	}
}

/// The Aura key that authored the block of `header`: the authority its
/// slot designates in the set of its parent's state.
pub async fn aura_author(rpc: &Rpc, header: &Header) -> Result<AuraId> {
	let slot = header
		.digest
		.logs
		.iter()
		.find_map(|log| match log {
			DigestItem::PreRuntime(engine, data) if *engine == AURA_ENGINE_ID => Slot::decode(&mut &data[..]).ok(),
			_ => None,
		})
		.ok_or_else(|| anyhow!("block #{} has no Aura slot", header.number))?;
	let authorities: Vec<AuraId> = decode(&rpc.state_call("AuraApi_authorities", &[], Some(header.parent_hash)).await?)?;
	let index = usize::try_from(u64::from(slot) % u64::try_from(authorities.len().max(1))?)?;
	authorities.get(index).cloned().ok_or_else(|| anyhow!("no Aura authorities at #{}", header.number))
}

/// The GRANDPA voters in the state of block `at`.
pub async fn grandpa_voters(rpc: &Rpc, at: Hash) -> Result<Vec<GrandpaId>> {
	let list: Vec<(GrandpaId, u64)> = decode(&rpc.state_call("GrandpaApi_grandpa_authorities", &[], Some(at)).await?)?;
	Ok(list.into_iter().map(|(id, _)| id).collect())
}

fn decode<T: Decode>(bytes: &[u8]) -> Result<T> {
	T::decode(&mut &bytes[..]).map_err(|e| anyhow!("undecodable runtime API answer: {e}"))
}
