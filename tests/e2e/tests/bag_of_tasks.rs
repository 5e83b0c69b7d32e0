//! A bag of 1,000 tasks (issue 22): one trust 1 request of volume 1,000 on a
//! real dev node, computed by three real `ect worker`s with a real scheduler
//! and result store, is certified in full; then each task's record is read
//! back one by one through the runtime API (`PocoApi_task`) and each result
//! through `ect task result`, which downloads the bundle and checks it
//! against the certified link and digest.
//!
//! The dev chain keeps a finished deal a minute, less than reading 1,000
//! results takes, so the node runs the dev genesis with a day's retention
//! (the runtime's default) instead.

use std::{path::Path, process::Command, time::Duration};

use anyhow::{anyhow, ensure, Context, Result};
use ect_client::runtime::{Balance, UNIT};
use ect_e2e::{
	cloud::{self, Request},
	events,
	node::{node_binary, NodeConfig},
	with_timeout, Agent, Node, WorkDir,
};
use futures::{stream, StreamExt, TryStreamExt};
use pallet_ect_poco::TaskStatus;
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(1_200);
const VOLUME: u32 = 1_000;
const POOL_PRICE: Balance = UNIT / 100;
const APP_PRICE: Balance = UNIT / 1_000;
/// Category S of the genesis presets (T = 1 200 s): no deadline is near.
const CATEGORY: u32 = 1;
/// `ect task result` runs at once.
const READERS: usize = 4;
/// Tasks whose digest is checked against the example app run here.
const RECOMPUTED: usize = 10;

/// The dev chain's spec with the runtime's default retention (a day)
/// instead of the dev preset's minute, written under `work`.
fn dev_spec_keeping_results(work: &Path) -> Result<String> {
	let output = Command::new(node_binary()?).args(["build-spec", "--chain", "dev"]).output()?;
	ensure!(output.status.success(), "build-spec: {}", String::from_utf8_lossy(&output.stderr));
	let mut spec: Value = serde_json::from_slice(&output.stdout)?;
	let retention = spec
		.pointer_mut("/genesis/runtimeGenesis/patch/poco/taskRetention")
		.ok_or_else(|| anyhow!("the dev preset sets no retention"))?;
	*retention = Value::Null;
	let path = work.join("dev-keeping-results.json");
	std::fs::write(&path, serde_json::to_vec(&spec)?)?;
	Ok(path.display().to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bag_of_a_thousand_tasks_is_certified_and_each_result_read_back() -> Result<()> {
	let work = WorkDir::new("bag-of-tasks");
	let spec = dev_spec_keeping_results(work.path())?;
	let config = NodeConfig::new("dev", &spec, work.path()).args(["--alice", "--validator", "--force-authoring", "--unsafe-force-node-key-generation"]);
	let node = Node::start(config, work.path())?;
	let result = with_timeout(LIMIT, async {
		let url = node.ws_url();
		let rpc = node.rpc().await?;
		let cloud::HashMarket { dave, charlie, app, pool, .. } = cloud::HashMarket::open(&url, CATEGORY, APP_PRICE, POOL_PRICE).await?;
		cloud::set_spot_check_rate(&charlie, pool, 0).await?;

		let (scheduler, port) = Agent::scheduler(&work, &url, cloud::OPERATOR, pool)?;
		let mut workers = Vec::new();
		for key in ["//Bob", "//Eve", "//Ferdie"] {
			workers.push(Agent::worker_with(&work, &url, key, pool, port, &["--parallel", "2"])?);
		}
		scheduler.wait_for_logs(&["joined"; 3], Duration::from_secs(60))?;

		let request = Request {
			app,
			dataset: None,
			category: CATEGORY,
			trust: 1,
			volume: VOLUME,
			params: r#"{"input": "bag"}"#.into(),
			max_price: POOL_PRICE,
			salt: 1,
		};
		let (deal, tasks) = cloud::request(&dave, &request).await?;
		cloud::wait_deal(&rpc, deal, VOLUME, TaskStatus::Completed, Duration::from_secs(900)).await?;
		let counted: Vec<(&Agent, &str)> =
			workers.iter().map(|w| (w, r#"ect_worker_tasks_total{outcome="uploaded"}"#)).collect();
		Agent::wait_total(&counted, u64::from(VOLUME), Duration::from_secs(120)).await?;

		// Each task one by one through the runtime API: certified, with a
		// digest and a results link.
		let record = ect_client::reads::deal(&rpc, deal).await?.ok_or_else(|| anyhow!("no deal"))?;
		let mut digests = Vec::with_capacity(tasks.len());
		for task_id in &tasks {
			let task = ect_client::reads::task(&rpc, *task_id).await?.ok_or_else(|| anyhow!("no task {task_id:?}"))?;
			ensure!(task.status == TaskStatus::Completed, "task {task_id:?} is {:?}", task.status);
			ensure!(!task.results.is_empty(), "task {task_id:?} has no results link");
			digests.push(task.digest.ok_or_else(|| anyhow!("task {task_id:?} has no digest"))?);
		}
		// A sample of the digests is the honest one, the example app run
		// here for that task.
		for (task_id, digest) in tasks.iter().zip(&digests).step_by(tasks.len() / RECOMPUTED) {
			let honest = events::honest_digest("hash", b"bag", *task_id, record.start).await?;
			ensure!(*digest == honest, "task {task_id:?} certified {digest:?}, honest {honest:?}");
		}

		// Each result one by one through `ect task result`: downloaded from
		// the store and verified against the link and the digest.
		let limit = Duration::from_secs(60);
		let url = &url;
		stream::iter(tasks.iter().zip(&digests))
			.map(|(task_id, digest)| async move {
				let task_hex = format!("{task_id:?}");
				let fetched = ect_e2e::agent::cli(&["--url", url, "--json", "task", "result", &task_hex], limit)
					.await?
					.ok()?
					.json()?;
				ensure!(fetched["verified"] == Value::Bool(true), "task {task_hex} not verified: {fetched}");
				let reported = fetched["digest"].as_str().unwrap_or_default();
				ensure!(reported == format!("{digest:?}"), "task {task_hex}: digest {reported}, certified {digest:?}");
				Ok::<_, anyhow::Error>(())
			})
			.buffer_unordered(READERS)
			.try_collect::<Vec<()>>()
			.await
			.context("reading the results back")?;
		Ok(())
	})
	.await;
	work.conclude(result)
}
