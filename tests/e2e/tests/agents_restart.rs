//! Crashes in the middle of a task, on a real dev node: a worker killed
//! (SIGKILL) after it contributed and restarted later still reveals; the
//! scheduler killed and restarted twice (after the first contribution, and
//! after the first reveal) still authorises and collects, and the task is
//! certified; and nothing is contributed or revealed twice.
//!
//! Trust 3 with fresh workers (weight 2) needs two agreeing contributions:
//! Bob contributes alone first, so the task waits for Eve; consensus waits
//! for Bob's reveal, so finalization waits for his restart.

use std::time::Duration;

use anyhow::{ensure, Result};
use ect_client::{
	runtime::{Balance, UNIT},
	Signer,
};
use ect_e2e::{
	cloud::{self, Request},
	events::{self, rewarded},
	with_timeout, Agent, Node, WorkDir,
};
use pallet_ect_escrow::Pot;
use pallet_ect_poco::TaskStatus;

const LIMIT: Duration = Duration::from_secs(300);
const POOL_PRICE: Balance = 10 * UNIT;
/// Category S of the genesis presets (T = 1 200 s): no deadline is near.
const CATEGORY: u32 = 1;
const STEP: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread")]
async fn killed_agents_resume_and_nothing_is_sent_twice() -> Result<()> {
	let work = WorkDir::new("agents-restart");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let url = node.ws_url();
		let rpc = node.rpc().await?;
		let cloud::HashMarket { dave, app, pool, .. } = cloud::HashMarket::open(&url, CATEGORY, UNIT, POOL_PRICE).await?;
		let (bob_account, eve_account) =
			(Signer::from_uri("//Bob").map_err(anyhow::Error::msg)?.account(), Signer::from_uri("//Eve").map_err(anyhow::Error::msg)?.account());

		let (mut scheduler, port) = Agent::scheduler(&work, &url, cloud::OPERATOR, pool)?;
		let mut bob = Agent::worker(&work, &url, "//Bob", pool, port, false)?;
		scheduler.wait_for_log("joined", STEP)?;

		let first_block = events::best_number(&rpc).await?;
		let request = Request {
			app,
			dataset: None,
			category: CATEGORY,
			trust: 3,
			volume: 1,
			params: r#"{"input": "crash test"}"#.into(),
			max_price: POOL_PRICE,
			salt: 1,
		};
		let (deal, tasks) = cloud::request(&dave, &request).await?;
		let task = tasks[0];

		// Bob contributes, then crashes; so does the scheduler.
		bob.wait_for_log("contributed", STEP)?;
		bob.kill();
		scheduler.kill();
		let views = cloud::wait_deal(&rpc, deal, 1, TaskStatus::Active, STEP).await?;
		ensure!(views[0].contributions == 1, "one contribution so far: {views:?}");
		scheduler.restart()?;
		scheduler.wait_for_log("service on", STEP)?;

		// The restarted scheduler authorises Eve: consensus, then her reveal.
		let eve = Agent::worker(&work, &url, "//Eve", pool, port, false)?;
		eve.wait_for_logs(&["contributed", "revealed", "uploaded"], STEP)?;
		cloud::wait_deal(&rpc, deal, 1, TaskStatus::Revealing, STEP).await?;

		// The scheduler crashes again; Bob comes back while it is away, and
		// reveals once it is up again: the last winner's reveal certifies.
		scheduler.kill();
		bob.restart()?;
		scheduler.restart()?;
		scheduler.wait_for_log("service on", STEP)?;
		bob.wait_for_logs(&["revealed", "task_won"], STEP)?;
		cloud::wait_deal(&rpc, deal, 1, TaskStatus::Completed, STEP).await?;

		// Bob's second run neither recomputed nor contributed.
		let rerun = bob.current_run_log()?;
		ensure!(!rerun.contains(": computed") && !rerun.contains(": contributed"), "bob's second run:\n{rerun}");

		// On chain: one contribution and one reveal each, no failed
		// extrinsic, the honest digest certified, both workers paid.
		let history = events::since(&rpc, first_block).await?;
		let mut contributors = events::contributors(&history, task);
		contributors.sort();
		let mut revealers = events::revealers(&history, task);
		revealers.sort();
		let mut both = vec![bob_account.clone(), eve_account.clone()];
		both.sort();
		ensure!(contributors == both, "contributions: {contributors:?}");
		ensure!(revealers == both, "reveals: {revealers:?}");
		ensure!(events::failed_extrinsics(&history).is_empty(), "failed: {:?}", events::failed_extrinsics(&history));

		let record = ect_client::reads::deal(&rpc, deal).await?.ok_or_else(|| anyhow::anyhow!("no deal"))?;
		let certified = ect_client::reads::task(&rpc, task).await?.and_then(|t| t.digest);
		ensure!(certified == Some(events::honest_digest("hash", b"crash test", task, record.start).await?), "certified {certified:?}");
		let finalization = events::of_finalization(&rpc, task).await?;
		let share = POOL_PRICE * 99 / 100 / 2;
		for worker in [&bob_account, &eve_account] {
			ensure!(rewarded(&finalization, worker, Pot::Protocol) == share, "{worker:?} paid {}", rewarded(&finalization, worker, Pot::Protocol));
		}
		Ok(())
	})
	.await;
	work.conclude(result)
}
