//! The agents on a real dev node: one pool (a scheduler and three worker
//! processes), one requester, a trust that needs two agreeing workers, one
//! worker byzantine. The honest result is certified, the payouts and scores
//! on chain are those of the spec (`protocol.md` §6–8), and the byzantine
//! worker loses its stake. Then a task whose params name a result key: its
//! bundle is stored sealed, and `ect task result` opens it with that key
//! only.

use std::time::Duration;

use anyhow::{ensure, Result};
use ect_client::runtime::{Balance, UNIT};
use ect_e2e::{
	cloud::{self, Request},
	events::{self, rewarded, seized},
	with_timeout, Agent, Node, WorkDir,
};
use ect_runner::{results::ResultsLink, sealed};
use pallet_ect_escrow::Pot;
use pallet_ect_poco::TaskStatus;
use polkadot_sdk::sp_core::H256;

const LIMIT: Duration = Duration::from_secs(420);
const POOL_PRICE: Balance = 10 * UNIT;
const APP_PRICE: Balance = UNIT;
/// Category S of the genesis presets (T = 1 200 s): no deadline is near.
const CATEGORY: u32 = 1;

#[tokio::test(flavor = "multi_thread")]
async fn a_byzantine_worker_loses_its_stake_and_the_honest_result_is_certified() -> Result<()> {
	let work = WorkDir::new("agents-consensus");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let url = node.ws_url();
		let rpc = node.rpc().await?;
		let cloud::HashMarket { alice, charlie, dave, app, pool } =
			cloud::HashMarket::open(&url, CATEGORY, APP_PRICE, POOL_PRICE).await?;

		let (scheduler, port) = Agent::scheduler(&work, &url, cloud::OPERATOR, pool)?;
		let bob_worker = Agent::worker(&work, &url, "//Bob", pool, port, false)?;
		let eve_worker = Agent::worker(&work, &url, "//Eve", pool, port, false)?;
		scheduler.wait_for_log("joined", Duration::from_secs(30))?;
		scheduler.wait_for_log("joined", Duration::from_secs(30))?;

		// Warm-up: 15 tasks at trust 4, each computed by both honest workers,
		// raise their scores to 15 (weight 4).
		let warm_up = Request {
			app,
			dataset: None,
			category: CATEGORY,
			trust: 4,
			volume: 15,
			params: r#"{"input": "warm-up"}"#.into(),
			max_price: POOL_PRICE,
			salt: 1,
		};
		let (deal, _) = cloud::request(&dave, &warm_up).await?;
		cloud::wait_deal(&rpc, deal, 15, TaskStatus::Completed, Duration::from_secs(180)).await?;
		let (bob, eve, ferdie) = (cloud::account("//Bob")?, cloud::account("//Eve")?, cloud::account("//Ferdie")?);
		ensure!(cloud::score(&rpc, &bob).await? == 15 && cloud::score(&rpc, &eve).await? == 15, "warm-up scores");

		// Ferdie joins, byzantine. At trust 5 the scheduler asks the least
		// loaded first (Ferdie, weight 2, and one of weight 4); their dissent
		// needs the third: 4·4·5 > (1 + 16 + 2)·4.
		let ferdie_worker = Agent::worker(&work, &url, "//Ferdie", pool, port, true)?;
		scheduler.wait_for_log("joined", Duration::from_secs(30))?;
		let task_request = Request { trust: 5, volume: 1, params: r#"{"input": "hello"}"#.into(), salt: 2, ..warm_up };
		let (deal, tasks) = cloud::request(&dave, &task_request).await?;
		cloud::wait_deal(&rpc, deal, 1, TaskStatus::Completed, Duration::from_secs(120)).await?;

		// The certified digest is the honest output's.
		let task: ect_client::reads::Task = ect_client::reads::task(&rpc, tasks[0]).await?.ok_or_else(|| anyhow::anyhow!("no task"))?;
		let record = ect_client::reads::deal(&rpc, deal).await?.ok_or_else(|| anyhow::anyhow!("no deal"))?;
		let honest = events::honest_digest("hash", b"hello", tasks[0], record.start).await?;
		ensure!(task.digest == Some(honest), "certified {:?}", task.digest);

		// The result is in the pool's store, over HTTP: `ect task result`
		// downloads it and checks it against the link and the digest.
		let task_hex = format!("{:?}", tasks[0]);
		let fetched = ect_e2e::agent::cli(&["--url", &url, "--json", "task", "result", &task_hex], Duration::from_secs(60)).await?.ok()?.json()?;
		let location = fetched["location"].as_str().unwrap_or_default().to_string();
		ensure!(location.starts_with("http://127.0.0.1:") && location.contains("/bundles/0x"), "results at {location}");
		ensure!(fetched["verified"] == serde_json::json!(true), "not verified: {fetched}");

		// The agents' metrics count the run: 16 tasks certified (by the last
		// winner's reveal, or the scheduler's finalize), each reveal of
		// Bob's, every upload the store took, the byzantine loss.
		let limit = Duration::from_secs(30);
		let (finalized, certified) = (r#"ect_scheduler_tasks_total{step="finalize"}"#, r#"ect_worker_tasks_total{outcome="certified"}"#);
		let all = [(&scheduler, finalized), (&bob_worker, certified), (&eve_worker, certified), (&ferdie_worker, certified)];
		ensure!(Agent::wait_total(&all, 16, limit).await? == 16, "16 certifications");
		ensure!(Agent::wait_total(&all[1..], 1, limit).await? > 0, "the workers certify with their last reveal");
		bob_worker.wait_metric(r#"ect_worker_tasks_total{outcome="revealed"}"#, 16, limit).await?;
		ferdie_worker.wait_metric(r#"ect_worker_tasks_total{outcome="task_lost"}"#, 1, limit).await?;
		let uploaded = bob_worker.metric(r#"ect_worker_tasks_total{outcome="uploaded"}"#).await? +
			eve_worker.metric(r#"ect_worker_tasks_total{outcome="uploaded"}"#).await?;
		let stored = scheduler.metric("ect_store_uploads_total").await?;
		ensure!(stored >= 16 && stored == uploaded, "the store took {stored} uploads, the workers made {uploaded}");
		ensure!(bob_worker.metric("ect_worker_best_block").await? > 0, "chain gauge");

		// Payouts (§8): the pot is the pool price plus the loser's stake; the
		// winners share 99% of it by floor(log2(4)) = 2 each; the scheduler
		// keeps the rest; the app owner gets the app price.
		let finalization = events::of_finalization(&rpc, tasks[0]).await?;
		let stake = POOL_PRICE * 30 / 100;
		let pot = POOL_PRICE + stake;
		let share = pot * 99 / 100 * 2 / 4;
		ensure!(seized(&finalization, &ferdie) == stake, "byzantine stake seized: {}", seized(&finalization, &ferdie));
		ensure!(rewarded(&finalization, &bob, Pot::Protocol) == share, "bob paid {}", rewarded(&finalization, &bob, Pot::Protocol));
		ensure!(rewarded(&finalization, &eve, Pot::Protocol) == share, "eve paid {}", rewarded(&finalization, &eve, Pot::Protocol));
		ensure!(rewarded(&finalization, &ferdie, Pot::Protocol) == 0, "the byzantine worker is not paid");
		ensure!(rewarded(&finalization, &charlie.account(), Pot::Protocol) == pot - 2 * share, "scheduler's remainder");
		ensure!(rewarded(&finalization, &alice.account(), Pot::Protocol) == APP_PRICE, "app owner paid");

		// Scores (§7): winners +1, the loser floor(0 * 2 / 3) = 0.
		ensure!(cloud::score(&rpc, &bob).await? == 16 && cloud::score(&rpc, &eve).await? == 16, "winners' scores");
		ensure!(cloud::score(&rpc, &ferdie).await? == 0, "loser's score");

		// A second task, whose params carry a result key of Dave's: the
		// store holds the bundle sealed to it, and only that key opens it.
		let key_file = work.path().join("dave-result.key");
		let key_path = key_file.display().to_string();
		let made = ect_e2e::agent::cli(&["--json", "key", "result-key", "--out", &key_path], Duration::from_secs(30)).await?.ok()?.json()?;
		let public = made["public_key"].as_str().unwrap_or_default().to_string();
		ensure!(public.len() == 66 && public.starts_with("0x"), "result key {made}");
		let secret_request = Request {
			params: format!(r#"{{"input": "a secret", "encrypt_to": "{public}"}}"#),
			salt: 3,
			..task_request.clone()
		};
		let (deal, tasks) = cloud::request(&dave, &secret_request).await?;
		cloud::wait_deal(&rpc, deal, 1, TaskStatus::Completed, Duration::from_secs(120)).await?;
		let task = ect_client::reads::task(&rpc, tasks[0]).await?.ok_or_else(|| anyhow::anyhow!("no task"))?;
		let record = ect_client::reads::deal(&rpc, deal).await?.ok_or_else(|| anyhow::anyhow!("no deal"))?;
		let honest = events::honest_output("hash", b"a secret", tasks[0], record.start).await?;
		ensure!(task.digest == Some(H256(honest.digest(false)?)), "the certified digest is the plaintext's: {:?}", task.digest);

		// Anyone can download the stored bundle over HTTP: it is sealed, and
		// the app's output is not in it.
		let link = ResultsLink::parse(&task.results).map_err(anyhow::Error::msg)?;
		ensure!(link.location.starts_with("http://127.0.0.1:") && link.location.contains("/bundles/0x"), "results at {}", link.location);
		let stored = ect_runner::fetch::load(&link.location).await?;
		ensure!(sealed::is_sealed(&stored), "the stored bundle is not sealed");
		ensure!(ect_runner::Output::from_bundle(&stored).is_err(), "the stored bundle decodes as a plain bundle");
		ensure!(!honest.stdout.is_empty() && !stored.windows(honest.stdout.len()).any(|w| w == honest.stdout), "the output is in the clear");

		// `ect task result` needs the key; another key does not open it; the
		// right one does, and the plaintext is the certified result.
		let task_hex = format!("{:?}", tasks[0]);
		let limit = Duration::from_secs(60);
		let without = ect_e2e::agent::cli(&["--url", &url, "task", "result", &task_hex], limit).await?;
		ensure!(without.code != 0 && without.stderr.contains("encrypted") && without.stderr.contains("--result-key"), "without a key: {without:?}");
		let other_file = work.path().join("other-result.key").display().to_string();
		ect_e2e::agent::cli(&["key", "result-key", "--out", &other_file], limit).await?.ok()?;
		let wrong = ect_e2e::agent::cli(&["--url", &url, "task", "result", &task_hex, "--result-key", &other_file], limit).await?;
		ensure!(wrong.code != 0 && wrong.stderr.contains("wrong result key"), "with another key: {wrong:?}");
		let opened = ect_e2e::agent::cli(&["--url", &url, "--json", "task", "result", &task_hex, "--result-key", &key_path], limit)
			.await?
			.ok()?
			.json()?;
		ensure!(opened["verified"] == serde_json::json!(true) && opened["encrypted"] == serde_json::json!(true), "not verified: {opened}");
		ensure!(opened["stdout"].as_str().map(str::as_bytes) == Some(&honest.stdout[..]), "decrypted output {opened}");
		Ok(())
	})
	.await;
	work.conclude(result)
}
