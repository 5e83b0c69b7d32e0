//! Multi-validator networks on loopback: they produce and finalize blocks,
//! survive a validator killed with SIGKILL, and the killed validator, started
//! again on the same base path, catches up.
//!
//! GRANDPA finalizes with votes from more than two thirds of the voters: of 3
//! equal voters it needs all 3, of 4 it needs 3. So with `--chain local`
//! (Alice, Bob, Charlie) the two survivors keep producing blocks and finality
//! resumes when the third is back; a 4-validator network (the local preset plus
//! Dave) keeps finalizing through the loss of one.

use std::{path::Path, process::Command, time::Duration};

use anyhow::{anyhow, ensure, Context, Result};
use ect_e2e::{node::node_binary, wait, with_timeout, FinalityWatch, Node, NodeConfig, WorkDir};
use polkadot_sdk::{
	sp_core::crypto::Ss58Codec,
	sp_keyring::{Ed25519Keyring, Sr25519Keyring},
};

const LIMIT: Duration = Duration::from_secs(300);
const STEP: Duration = Duration::from_secs(90);

/// The fixed libp2p secret key of validator number `index`. A validator needs
/// a persistent node key on a non-dev chain, and a fixed one keeps its peer id
/// across restarts; the first validator is the others' bootnode.
fn node_key(index: usize) -> String {
	format!("{:064x}", index + 1)
}

/// The peer id of a node key, as `ect-node key inspect-node-key` derives it.
fn peer_id(work: &Path, secret: &str) -> Result<String> {
	let file = work.join("bootnode.key");
	std::fs::write(&file, secret)?;
	let output = Command::new(node_binary()?)
		.args(["key", "inspect-node-key", "--file"])
		.arg(&file)
		.output()?;
	ensure!(output.status.success(), "inspect-node-key: {}", String::from_utf8_lossy(&output.stderr));
	Ok(String::from_utf8(output.stdout)?.trim().to_string())
}

/// Starts one validator per name (`alice`, `bob`, ...) on `chain`; the first
/// is the bootnode of the others.
fn start_validators(work: &WorkDir, chain: &str, names: &[&str]) -> Result<Vec<Node>> {
	let root = work.path();
	let bootnode_id = peer_id(root, &node_key(0))?;
	let mut nodes: Vec<Node> = Vec::new();
	for (i, name) in names.iter().enumerate() {
		let mut config = NodeConfig::new(name, chain, root).args([
			format!("--{name}"),
			"--validator".into(),
			"--node-key".into(),
			node_key(i),
		]);
		if let Some(bootnode) = nodes.first() {
			config = config.args(["--bootnodes".to_string(), bootnode.config().multiaddr(&bootnode_id)]);
		}
		nodes.push(Node::start(config, root)?);
	}
	Ok(nodes)
}

/// Finality watches on each node, all past block #`number`.
async fn all_finalize(nodes: &[&Node], number: u32) -> Result<Vec<FinalityWatch>> {
	let mut watches = Vec::new();
	for node in nodes {
		let rpc = node.rpc().await?;
		let mut watch = FinalityWatch::new(&rpc).await?;
		watch
			.until(number, STEP)
			.await
			.with_context(|| format!("{} did not finalize #{number}", node.config().name))?;
		watches.push(watch);
	}
	Ok(watches)
}

/// Restarts `node` on its base path and checks that it catches up with
/// `reference`'s finalized chain and then follows new finality.
async fn restart_and_catch_up(node: &mut Node, reference: &Node) -> Result<()> {
	node.restart()?;
	let reference = reference.rpc().await?;
	let target = reference.header(Some(reference.finalized_head().await?)).await?.number;
	let rpc = node.rpc().await?;
	let mut watch = FinalityWatch::new(&rpc).await?;
	watch
		.until(target + 2, STEP)
		.await
		.with_context(|| format!("restarted {} did not catch up to #{target}", node.config().name))?;
	// Same block hashes as the reference: it caught up with the same chain.
	let ours = rpc.block_hash(target).await?;
	let theirs = reference.block_hash(target).await?;
	ensure!(ours.is_some() && ours == theirs, "#{target}: {ours:?} != {theirs:?}");
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn three_validators_finalize_and_a_restarted_validator_catches_up() -> Result<()> {
	let work = WorkDir::new("local3");
	let mut nodes = start_validators(&work, "local", &["alice", "bob", "charlie"])?;
	let result = with_timeout(LIMIT, async {
		let refs: Vec<&Node> = nodes.iter().collect();
		all_finalize(&refs, 3).await?;

		// Charlie crashes. Alice and Bob keep authoring in their slots...
		nodes[2].kill();
		let alice = nodes[0].rpc().await?;
		let best = wait::blocks(&alice, 4, STEP).await?;
		let bob = nodes[1].rpc().await?;
		wait::best_at_least(&bob, best, STEP).await?;
		// ...but 2 of 3 equal GRANDPA voters are not a supermajority: finality
		// waits for the third (it lags the best block).
		let finalized = alice.header(Some(alice.finalized_head().await?)).await?.number;
		ensure!(finalized + 3 <= best, "finalized #{finalized} with one of three voters down (best #{best})");

		// Charlie comes back on the same database, catches up, and finality resumes.
		let (left, right) = nodes.split_at_mut(2);
		restart_and_catch_up(&mut right[0], &left[0]).await?;
		let refs: Vec<&Node> = nodes.iter().collect();
		all_finalize(&refs, best + 1).await?;
		Ok(())
	})
	.await;
	work.conclude(result)
}

/// The local testnet's chain spec with Dave as a fourth validator.
fn four_validator_spec(work: &Path) -> Result<std::path::PathBuf> {
	let output = Command::new(node_binary()?).args(["build-spec", "--chain", "local"]).output()?;
	ensure!(output.status.success(), "build-spec: {}", String::from_utf8_lossy(&output.stderr));
	let mut spec: serde_json::Value = serde_json::from_slice(&output.stdout)?;
	let patch = spec
		.pointer_mut("/genesis/runtimeGenesis/patch")
		.ok_or_else(|| anyhow!("no genesis patch in the local spec"))?;
	let aura = patch
		.pointer_mut("/aura/authorities")
		.and_then(|a| a.as_array_mut())
		.ok_or_else(|| anyhow!("no aura authorities"))?;
	aura.push(Sr25519Keyring::Dave.public().to_ss58check().into());
	let grandpa = patch
		.pointer_mut("/grandpa/authorities")
		.and_then(|a| a.as_array_mut())
		.ok_or_else(|| anyhow!("no grandpa authorities"))?;
	grandpa.push(serde_json::json!([Ed25519Keyring::Dave.public().to_ss58check(), 1]));
	spec["id"] = "ect_local4".into();
	let path = work.join("local4.json");
	std::fs::write(&path, serde_json::to_vec_pretty(&spec)?)?;
	Ok(path)
}

#[tokio::test(flavor = "multi_thread")]
async fn four_validators_keep_finalizing_without_one() -> Result<()> {
	let work = WorkDir::new("local4");
	let spec = four_validator_spec(work.path())?;
	let chain = spec.to_str().ok_or_else(|| anyhow!("non-UTF-8 path"))?;
	let mut nodes = start_validators(&work, chain, &["alice", "bob", "charlie", "dave"])?;
	let result = with_timeout(LIMIT, async {
		let refs: Vec<&Node> = nodes.iter().collect();
		let watches = all_finalize(&refs, 3).await?;
		let before = watches.iter().map(|w| w.last).max().unwrap_or(3);

		// Dave crashes; the three others keep finalizing new blocks.
		nodes[3].kill();
		let survivors: Vec<&Node> = nodes[..3].iter().collect();
		all_finalize(&survivors, before + 4).await?;

		// Dave comes back on the same database and catches up.
		let (left, right) = nodes.split_at_mut(3);
		restart_and_catch_up(&mut right[0], &left[0]).await?;
		Ok(())
	})
	.await;
	work.conclude(result)
}
