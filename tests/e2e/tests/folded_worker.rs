//! `ect worker`'s folded steps on a real dev node, with a real scheduler
//! and result store: in a pool that spot-checks nothing, a worker whose
//! weight alone meets a task's trust contributes, reveals and certifies it
//! in one `work_batch` item (`ContributeAndFinalize`), with the link its
//! bundle will have in the store, and uploads the bundle in the block
//! after; `ect task result` then downloads and verifies it.

use std::time::Duration;

use anyhow::{ensure, Result};
use ect_client::runtime::{Balance, UNIT};
use ect_e2e::{
	cloud::{self, Request},
	events, with_timeout, Agent, Node, WorkDir,
};
use pallet_ect_poco::TaskStatus;

const LIMIT: Duration = Duration::from_secs(300);
const POOL_PRICE: Balance = 10 * UNIT;
const APP_PRICE: Balance = UNIT;
/// Category S of the genesis presets (T = 1 200 s): no deadline is near.
const CATEGORY: u32 = 1;

#[tokio::test(flavor = "multi_thread")]
async fn a_lone_worker_certifies_its_task_in_one_item_and_its_bundle_is_in_the_store() -> Result<()> {
	let work = WorkDir::new("folded-worker");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let url = node.ws_url();
		let rpc = node.rpc().await?;
		let cloud::HashMarket { dave, charlie, app, pool, .. } = cloud::HashMarket::open(&url, CATEGORY, APP_PRICE, POOL_PRICE).await?;
		cloud::set_spot_check_rate(&charlie, pool, 0).await?;

		let (scheduler, port) = Agent::scheduler(&work, &url, cloud::OPERATOR, pool)?;
		let worker = Agent::worker(&work, &url, "//Bob", pool, port, false)?;
		scheduler.wait_for_log("joined", Duration::from_secs(30))?;

		let request = Request {
			app,
			dataset: None,
			category: CATEGORY,
			trust: 1,
			volume: 2,
			params: r#"{"input": "folded"}"#.into(),
			max_price: POOL_PRICE,
			salt: 1,
		};
		let (deal, tasks) = cloud::request(&dave, &request).await?;
		cloud::wait_deal(&rpc, deal, 2, TaskStatus::Completed, Duration::from_secs(120)).await?;

		// Both tasks were certified by the worker's own item: nothing was
		// revealed apart, and the scheduler finalized nothing.
		let limit = Duration::from_secs(30);
		worker.wait_metric(r#"ect_worker_tasks_total{outcome="contributed_and_revealed"}"#, 2, limit).await?;
		worker.wait_metric(r#"ect_worker_tasks_total{outcome="certified"}"#, 2, limit).await?;
		worker.wait_metric(r#"ect_worker_tasks_total{outcome="uploaded"}"#, 2, limit).await?;
		worker.wait_metric(r#"ect_worker_tasks_total{outcome="task_won"}"#, 2, limit).await?;
		ensure!(worker.metric(r#"ect_worker_tasks_total{outcome="revealed"}"#).await? == 0, "no separate reveal");
		ensure!(scheduler.metric(r#"ect_scheduler_tasks_total{step="finalize"}"#).await? == 0, "no finalize");
		ensure!(scheduler.metric("ect_store_uploads_total").await? == 2, "the store took both bundles");

		// The certified digest is the honest output's, and the link the
		// worker certified with leads to its bundle: `ect task result`
		// downloads it and checks it against the link and the digest.
		let record = ect_client::reads::deal(&rpc, deal).await?.ok_or_else(|| anyhow::anyhow!("no deal"))?;
		for task_id in &tasks {
			let task = ect_client::reads::task(&rpc, *task_id).await?.ok_or_else(|| anyhow::anyhow!("no task"))?;
			let honest = events::honest_digest("hash", b"folded", *task_id, record.start).await?;
			ensure!(task.digest == Some(honest), "certified {:?}", task.digest);
			let task_hex = format!("{task_id:?}");
			let fetched =
				ect_e2e::agent::cli(&["--url", &url, "--json", "task", "result", &task_hex], limit).await?.ok()?.json()?;
			let location = fetched["location"].as_str().unwrap_or_default().to_string();
			ensure!(location.starts_with("http://127.0.0.1:") && location.contains("/bundles/0x"), "results at {location}");
			ensure!(fetched["verified"] == serde_json::json!(true), "not verified: {fetched}");
		}
		Ok(())
	})
	.await;
	work.conclude(result)
}
