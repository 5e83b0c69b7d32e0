//! Tasks that cannot be computed, on a real dev node with a scheduler and a
//! worker process: a dataset whose bytes do not match its checksum, an app
//! that runs out of fuel and an app that traps. The worker refuses each with
//! a typed failure and contributes nothing, nothing is certified; the
//! scheduler (on its operator key) reports the tasks at risk, and after the
//! final deadline `ect task claim` and the scheduler's own claims refund the
//! requester in full.

use std::time::Duration;

use anyhow::{ensure, Result};
use ect_client::runtime::{Balance, UNIT};
use ect_e2e::{
	app_path, cli,
	cloud::{self, Request},
	with_timeout, Agent, Node, WorkDir,
};
use pallet_ect_poco::TaskStatus;
use polkadot_sdk::sp_core::H256;

const LIMIT: Duration = Duration::from_secs(300);
const PRICE: Balance = UNIT;
/// T = 2 s: contributions close 14 s after the deal, claims open after 20 s.
const TIME_REF_SECS: u64 = 2;
/// Enough for the example apps, far too little for an endless loop.
const MAX_FUEL: u64 = 200_000_000;

#[tokio::test(flavor = "multi_thread")]
async fn failed_tasks_certify_nothing_and_are_refunded_by_claim() -> Result<()> {
	let work = WorkDir::new("agents-failures");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let url = node.ws_url();
		let rpc = node.rpc().await?;
		let (alice, charlie, dave) =
			(cloud::sender(&url, "//Alice").await?, cloud::sender(&url, "//Charlie").await?, cloud::sender(&url, "//Dave").await?);
		let category = cloud::create_category(&alice, TIME_REF_SECS, MAX_FUEL).await?;
		let wordcount = cloud::register_app(&alice, "wordcount", &app_path("wordcount")?).await?;
		let faulty = cloud::register_app(&alice, "faulty", &app_path("faulty")?).await?;
		// The dataset's registered checksum is of other bytes than its file.
		let text = work.path().join("dataset.txt");
		std::fs::write(&text, "the bytes a worker downloads")?;
		let dataset = cloud::register_dataset(&alice, &text.display().to_string(), H256(ect_runner::blake2_256(b"the registered bytes"))).await?;
		for app in [wordcount, faulty] {
			cloud::offer_app(&alice, app, PRICE).await?;
		}
		cloud::offer_dataset(&alice, dataset, PRICE).await?;
		let pool = cloud::register_pool(&charlie).await?;
		cloud::offer_pool(&charlie, pool, category, 10, PRICE).await?;

		// The scheduler initializes every task (no slots): a task whose
		// worker cannot compute it is then open and reported at risk. (With
		// slots, the default, it stays uninitialized until its slot expires:
		// docs/design/agents.md, Known limits.)
		let policy = work.path().join("policy.json");
		std::fs::write(&policy, r#"{"slots": false}"#)?;
		let selection = ["--pool".to_string(), pool.to_string(), "--policy".to_string(), policy.display().to_string()];
		let (mut scheduler, port) = Agent::scheduler_with(&work, &url, cloud::OPERATOR, &selection)?;
		let worker = Agent::worker(&work, &url, "//Eve", pool, port, false)?;
		scheduler.wait_for_log("joined", Duration::from_secs(30))?;
		ensure!(scheduler.current_run_log()?.contains("acting as the operator of its owner"), "the scheduler runs on the operator key");

		// The pool shows its operator; a key that is neither owner nor
		// operator cannot run its scheduler.
		let pool_arg = pool.to_string();
		let shown = cli(&["--url", &url, "--json", "pool", "show", &pool_arg], Duration::from_secs(30)).await?.ok()?.json()?;
		let operator = ect_client::Signer::from_uri(cloud::OPERATOR).map_err(anyhow::Error::msg)?.account();
		let ss58 = polkadot_sdk::sp_core::crypto::Ss58Codec::to_ss58check(&operator);
		ensure!(shown["operator"] == serde_json::json!(ss58), "pool show: {shown}");
		let state = work.path().join("stranger-scheduler");
		let state = state.display().to_string();
		let stranger = cli(
			&["--url", &url, "--key", "//Ferdie", "scheduler", "--pool", &pool_arg, "--listen", "127.0.0.1:0", "--store-listen", "127.0.0.1:0", "--state-dir", &state],
			Duration::from_secs(30),
		)
		.await?;
		ensure!(
			stranger.code != 0 && stranger.stderr.contains("neither the owner nor the operator"),
			"a stranger's scheduler: {} {}",
			stranger.code,
			stranger.stderr
		);

		let base = Request { app: wordcount, dataset: Some(dataset), category, trust: 1, volume: 1, params: String::new(), max_price: PRICE, salt: 1 };
		let cases = [
			(Request { ..base.clone() }, "checksum_mismatch"),
			(Request { app: faulty, dataset: None, params: "spin".into(), salt: 2, ..base.clone() }, "out_of_fuel"),
			(Request { app: faulty, dataset: None, params: "trap".into(), salt: 3, ..base.clone() }, "trapped"),
		];
		let free_before = ect_client::storage::account(&rpc, &dave.account(), None).await?.data.free;
		let mut deals = Vec::new();
		for (request, _) in &cases {
			deals.push(cloud::request(&dave, request).await?);
		}
		let failures: Vec<&str> = cases.iter().map(|(_, failure)| *failure).collect();
		worker.wait_for_logs(&failures, Duration::from_secs(60))?;

		// Nothing is certified. The scheduler reports the three tasks at risk
		// (its margin, 600 s by default, is far above 10T = 20 s).
		for (deal, _) in &deals {
			let views = cloud::wait_deal(&rpc, *deal, 1, TaskStatus::Active, Duration::from_secs(5)).await?;
			ensure!(views[0].contributions == 0 && views[0].consensus.is_none(), "nothing contributed: {views:?}");
		}
		scheduler.wait_metric("ect_scheduler_tasks_at_risk", 3, Duration::from_secs(30)).await?;
		ensure!(scheduler.metric("ect_scheduler_stake_at_risk").await? > 0, "stake at risk");
		ensure!(scheduler.current_run_log()?.contains("passes its final deadline in"), "at-risk tasks logged");

		// Past the final deadline: with the scheduler down, the requester
		// claims the first task itself; the restarted scheduler claims the
		// other two.
		scheduler.kill();
		let final_deadline = cloud::wait_deal(&rpc, deals[2].0, 1, TaskStatus::Active, Duration::from_secs(5)).await?[0].final_deadline;
		cloud::wait_chain_time(&rpc, final_deadline, Duration::from_secs(60)).await?;
		cli(&["--url", &url, "--key", "//Dave", "task", "claim", &format!("{:?}", deals[0].0), "0"], Duration::from_secs(60)).await?.ok()?;
		scheduler.restart()?;
		scheduler.wait_metric(r#"ect_scheduler_tasks_total{step="claim"}"#, 2, Duration::from_secs(60)).await?;
		for (deal, _) in &deals {
			cloud::wait_deal(&rpc, *deal, 1, TaskStatus::Failed, Duration::from_secs(10)).await?;
		}
		let funds: pallet_ect_marketplace::Funds<Balance> = rpc.call("MarketplaceApi_funds", dave.account()).await?;
		ensure!(funds.payment == 0, "every payment released: {funds:?}");
		let free_after = ect_client::storage::account(&rpc, &dave.account(), None).await?.data.free;
		// Refunded in full: only transaction fees are gone.
		ensure!(free_before.saturating_sub(free_after) < UNIT / 10, "refund: {free_before} -> {free_after}");
		Ok(())
	})
	.await;
	work.conclude(result)
}
