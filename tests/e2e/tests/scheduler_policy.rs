//! A scheduler that runs its pool unattended: started with a policy file and
//! the operator key only, it publishes the pool's order, runs the deal that
//! spends it to the end, and renews the order so that the next request
//! finds one.

use std::time::Duration;

use anyhow::{ensure, Result};
use ect_client::runtime::{Balance, UNIT};
use ect_e2e::{
	cloud::{self, Request},
	with_timeout, Agent, Node, WorkDir,
};
use pallet_ect_poco::TaskStatus;

const LIMIT: Duration = Duration::from_secs(300);
const POOL_PRICE: Balance = 10 * UNIT;
/// Category S of the genesis presets (T = 1 200 s): no deadline is near.
const CATEGORY: u32 = 1;
/// Each order the policy publishes is good for this many tasks.
const VOLUME: u32 = 2;

#[tokio::test(flavor = "multi_thread")]
async fn a_policy_publishes_the_pools_orders_and_renews_them_when_spent() -> Result<()> {
	let work = WorkDir::new("scheduler-policy");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let url = node.ws_url();
		let rpc = node.rpc().await?;
		let (alice, charlie, dave) =
			(cloud::sender(&url, "//Alice").await?, cloud::sender(&url, "//Charlie").await?, cloud::sender(&url, "//Dave").await?);
		let app = cloud::register_app(&alice, "hash", &ect_e2e::app_path("hash")?).await?;
		cloud::offer_app(&alice, app, UNIT).await?;
		// The owner registers the pool and names its operator; it publishes
		// no order itself.
		let pool = cloud::register_pool(&charlie).await?;

		let policy = work.path().join("policy.json");
		std::fs::write(
			&policy,
			format!(
				r#"{{"pool": {pool}, "offer": {{"category": {CATEGORY}, "price": "{POOL_PRICE}", "volume": {VOLUME}, "trust": 100}},
				    "deadline_margin_secs": 60}}"#
			),
		)?;
		let (scheduler, port) =
			Agent::scheduler_with(&work, &url, cloud::OPERATOR, &["--policy".into(), policy.display().to_string()])?;
		let worker = Agent::worker(&work, &url, "//Bob", pool, port, false)?;
		scheduler.wait_for_log("joined", Duration::from_secs(30))?;
		scheduler.wait_metric("ect_scheduler_offers_published_total", 1, Duration::from_secs(30)).await?;
		ensure!(scheduler.metric("ect_scheduler_offer_remaining").await? == u64::from(VOLUME), "a fresh order");

		// A request of VOLUME tasks spends the order; its deal runs to the end.
		let request = Request {
			app,
			dataset: None,
			category: CATEGORY,
			trust: 1,
			volume: VOLUME,
			params: r#"{"input": "policy"}"#.into(),
			max_price: POOL_PRICE,
			salt: 1,
		};
		let (deal, _) = cloud::request(&dave, &request).await?;
		let record = ect_client::reads::deal(&rpc, deal).await?.ok_or_else(|| anyhow::anyhow!("no deal"))?;
		ensure!(record.workerpool.owner == charlie.account(), "the owner's pool, the owner's stake");
		cloud::wait_deal(&rpc, deal, VOLUME, TaskStatus::Completed, Duration::from_secs(120)).await?;

		// The spent order is renewed; the next request finds it.
		scheduler.wait_metric("ect_scheduler_offers_published_total", 2, Duration::from_secs(30)).await?;
		let (next, _) = cloud::request(&dave, &Request { volume: 1, salt: 2, ..request }).await?;
		cloud::wait_deal(&rpc, next, 1, TaskStatus::Completed, Duration::from_secs(120)).await?;
		ensure!(scheduler.current_run_log()?.contains("renewing it"), "renewal logged");
		// Every task certified: by the worker's last reveal, or finalized.
		let all = [(&scheduler, r#"ect_scheduler_tasks_total{step="finalize"}"#), (&worker, r#"ect_worker_tasks_total{outcome="certified"}"#)];
		Agent::wait_total(&all, u64::from(VOLUME) + 1, Duration::from_secs(30)).await?;
		Ok(())
	})
	.await;
	work.conclude(result)
}
