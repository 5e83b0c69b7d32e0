//! Spot checks with the real agents (`protocol.md` §7): a pool that checks
//! every lone consensus, a byzantine worker whose weight alone meets the
//! task's trust and who is the only worker when the task arrives. Its
//! contribution closes the consensus on its own; the chain draws the check
//! from the hash of the block that holds it; the byzantine worker may not
//! reveal; once two honest workers join, the scheduler authorises them as
//! checkers, and the honest result is certified by both. The cheater's
//! stake is seized and its score cut; it never revealed.

use std::time::Duration;

use anyhow::{anyhow, ensure, Result};
use ect_client::runtime::{Balance, RuntimeEvent, UNIT};
use ect_e2e::{
	cloud::{self, Request},
	events::{self, rewarded, seized},
	with_timeout, Agent, Node, WorkDir,
};
use pallet_ect_escrow::Pot;
use pallet_ect_poco::{SpotCheck, TaskStatus};

const LIMIT: Duration = Duration::from_secs(300);
const POOL_PRICE: Balance = 10 * UNIT;
const APP_PRICE: Balance = UNIT;
/// Category S of the genesis presets (T = 1 200 s): no deadline is near.
const CATEGORY: u32 = 1;
/// A fresh worker weighs 2: enough alone at trust 2.
const TRUST: u32 = 2;
/// Every lone consensus is checked.
const EVERY_TASK: u32 = 1_000_000;

#[tokio::test(flavor = "multi_thread")]
async fn a_trusted_cheater_is_caught_by_a_spot_check_and_nothing_wrong_is_certified() -> Result<()> {
	let work = WorkDir::new("spot-checks");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let url = node.ws_url();
		let rpc = node.rpc().await?;
		let cloud::HashMarket { charlie, dave, app, pool, .. } =
			cloud::HashMarket::open(&url, CATEGORY, APP_PRICE, POOL_PRICE).await?;
		cloud::set_spot_check_rate(&charlie, pool, EVERY_TASK).await?;

		// Only the byzantine worker is in the pool when the task arrives.
		let (scheduler, port) = Agent::scheduler(&work, &url, cloud::OPERATOR, pool)?;
		let ferdie_worker = Agent::worker(&work, &url, "//Ferdie", pool, port, true)?;
		scheduler.wait_for_log("joined", Duration::from_secs(30))?;
		let request = Request {
			app,
			dataset: None,
			category: CATEGORY,
			trust: TRUST,
			volume: 1,
			params: r#"{"input": "checked"}"#.into(),
			max_price: POOL_PRICE,
			salt: 1,
		};
		let from = events::best_number(&rpc).await?;
		let (deal, tasks) = cloud::request(&dave, &request).await?;
		let task_id = tasks[0];
		ferdie_worker.wait_metric(r#"ect_worker_tasks_total{outcome="contributed"}"#, 1, Duration::from_secs(60)).await?;

		// Its lone contribution reached consensus and drew the check.
		let task = ect_client::reads::task(&rpc, task_id).await?.ok_or_else(|| anyhow!("no task"))?;
		ensure!(task.status == TaskStatus::Revealing, "the byzantine contribution closes the task alone: {:?}", task.status);
		ensure!(matches!(task.check, SpotCheck::Drawn { per_million: EVERY_TASK, .. }), "drawn: {:?}", task.check);

		// Two honest workers join; the scheduler makes them the checkers.
		let bob_worker = Agent::worker(&work, &url, "//Bob", pool, port, false)?;
		let _eve_worker = Agent::worker(&work, &url, "//Eve", pool, port, false)?;
		cloud::wait_deal(&rpc, deal, 1, TaskStatus::Completed, Duration::from_secs(120)).await?;

		// The honest digest is certified, by the two checkers.
		let record = ect_client::reads::deal(&rpc, deal).await?.ok_or_else(|| anyhow!("no deal"))?;
		let honest = events::honest_digest("hash", b"checked", task_id, record.start).await?;
		let task = ect_client::reads::task(&rpc, task_id).await?.ok_or_else(|| anyhow!("no task"))?;
		ensure!(task.digest == Some(honest), "certified {:?}, not the honest {honest:?}", task.digest);
		ensure!(task.check == SpotCheck::Checked, "check: {:?}", task.check);
		let all = events::since(&rpc, from).await?;
		ensure!(
			all.iter().any(|e| matches!(e, RuntimeEvent::Poco(pallet_ect_poco::Event::SpotChecked { task }) if *task == task_id)),
			"no SpotChecked event"
		);
		let (bob, eve, ferdie) = (cloud::account("//Bob")?, cloud::account("//Eve")?, cloud::account("//Ferdie")?);
		let revealers = events::revealers(&all, task_id);
		ensure!(!revealers.contains(&ferdie), "the cheater revealed");
		ensure!(revealers.len() == 2 && revealers.contains(&bob) && revealers.contains(&eve), "revealed by {revealers:?}");

		// The cheater lost its stake and its score; the checkers are paid.
		let finalization = events::of_finalization(&rpc, task_id).await?;
		let stake = POOL_PRICE * 30 / 100;
		ensure!(seized(&finalization, &ferdie) == stake, "byzantine stake seized: {}", seized(&finalization, &ferdie));
		ensure!(rewarded(&finalization, &ferdie, Pot::Protocol) == 0, "the cheater is not paid");
		ensure!(rewarded(&finalization, &bob, Pot::Protocol) > 0 && rewarded(&finalization, &eve, Pot::Protocol) > 0, "checkers paid");
		ensure!(cloud::score(&rpc, &ferdie).await? == 0, "the cheater's score");
		ensure!(cloud::score(&rpc, &bob).await? == 1 && cloud::score(&rpc, &eve).await? == 1, "the checkers' scores");
		ferdie_worker.wait_metric(r#"ect_worker_tasks_total{outcome="task_lost"}"#, 1, Duration::from_secs(30)).await?;
		ensure!(ferdie_worker.metric(r#"ect_worker_tasks_total{outcome="refused"}"#).await? == 0, "the cheater's worker saw a refusal");
		bob_worker.wait_metric(r#"ect_worker_tasks_total{outcome="task_won"}"#, 1, Duration::from_secs(30)).await?;
		Ok(())
	})
	.await;
	work.conclude(result)
}
