//! A task whose deal needs more memory than any joined worker reports is
//! never assigned, and the requester sees why (issue 19, acceptance 4).
//!
//! The pool's order (its scheduler's policy) promises machines of 8192 MiB;
//! its two workers report 128 MiB each (`ect worker --memory-mib 128`). Dave
//! requests a task needing 4096 MiB: the orders match into a deal, and over
//! 6 blocks the scheduler authorises nobody for its task;
//! `ect task show --pool-service` says why, in text and in JSON (memory,
//! 4096, 128), and `ect deal show` shows the requirement. A task needing
//! 64 MiB is then certified by the same workers, while the first still
//! waits.

use std::time::Duration;

use anyhow::{anyhow, ensure, Result};
use ect_client::runtime::{Balance, UNIT};
use ect_e2e::{cli, cli_json, cloud, json_text, node::free_port, with_timeout, Agent, Node, WorkDir};
use polkadot_sdk::sp_core::crypto::Ss58Codec;
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(300);
const CLI: Duration = Duration::from_secs(60);
const POOL_PRICE: Balance = 10 * UNIT;
/// Category S of the genesis presets (T = 1 200 s): no deadline is near.
const CATEGORY: u32 = 1;
/// What the pool's order promises, MiB.
const PROMISED_MIB: u32 = 8192;
/// What each worker reports, MiB.
const WORKER_MIB: &str = "128";
/// What the first request needs, MiB: more than any worker reports.
const NEEDED_MIB: &str = "4096";
/// What the second request needs, MiB.
const SMALL_MIB: &str = "64";

/// Dave requests one task of `app` needing `memory_mib`; returns its deal
/// and task ids.
async fn request(url: &str, app: u32, memory_mib: &str, input: &str) -> Result<(String, String)> {
	let (app, category, price) = (app.to_string(), CATEGORY.to_string(), POOL_PRICE.to_string());
	let params = format!(r#"{{"input": "{input}"}}"#);
	let matched = cli_json(
		url,
		&[
			"--key", "//Dave", "request", "--app", &app, "--category", &category, "--app-max-price", "1ect",
			"--pool-max-price", &price, "--memory-mib", memory_mib, "--params", &params,
		],
		CLI,
	)
	.await?;
	ensure!(matched["deals"].as_array().is_some_and(|deals| deals.len() == 1), "one deal: {matched}");
	Ok((json_text(&matched, "/deals/0/deal")?.to_string(), json_text(&matched, "/deals/0/tasks/0")?.to_string()))
}

/// `ect task show TASK --pool-service URL --json`.
async fn shown(url: &str, task: &str, pool_service: &str) -> Result<Value> {
	cli_json(url, &["task", "show", task, "--pool-service", pool_service], CLI).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_task_needing_more_memory_than_any_worker_reports_waits_and_says_why() -> Result<()> {
	let work = WorkDir::new("capabilities");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let url = node.ws_url();
		let rpc = node.rpc().await?;
		let (alice, charlie) = (cloud::sender(&url, "//Alice").await?, cloud::sender(&url, "//Charlie").await?);
		let app = cloud::register_app(&alice, "hash", &ect_e2e::app_path("hash")?).await?;
		cloud::offer_app(&alice, app, UNIT).await?;
		let pool = cloud::register_pool(&charlie).await?;

		// The pool's order promises 8192 MiB machines; its workers report 128.
		let policy = work.path().join("policy.json");
		std::fs::write(
			&policy,
			format!(
				r#"{{"pool": {pool}, "offer": {{"category": {CATEGORY}, "price": "{POOL_PRICE}", "volume": 10, "trust": 100,
				    "capabilities": {{"memory_mib": {PROMISED_MIB}}}}}}}"#
			),
		)?;
		let (scheduler, port) =
			Agent::scheduler_with(&work, &url, cloud::OPERATOR, &["--policy".into(), policy.display().to_string()])?;
		let pool_service = format!("ws://127.0.0.1:{port}");
		let declared = ["--memory-mib", WORKER_MIB];
		let bob = Agent::worker_with(&work, &url, "//Bob", pool, port, &declared)?;
		let eve = Agent::worker_with(&work, &url, "//Eve", pool, port, &declared)?;
		scheduler.wait_for_logs(&[" joined: "; 2], Duration::from_secs(60))?;
		let reports = format!("{WORKER_MIB} MiB of memory a task");
		let log = scheduler.current_run_log()?;
		ensure!(log.lines().filter(|line| line.contains(" joined: ")).all(|line| line.contains(&reports)), "the joins:\n{log}");
		scheduler.wait_metric("ect_scheduler_offers_published_total", 1, Duration::from_secs(30)).await?;

		// A task needing 4096 MiB: matched, initialised, never authorised.
		let (deal, task) = request(&url, app, NEEDED_MIB, "too big").await?;
		let deal_shown = cli_json(&url, &["deal", "show", &deal], CLI).await?;
		ensure!(deal_shown["requirements"]["memory_mib"] == NEEDED_MIB.parse::<u32>()?, "{deal_shown}");
		scheduler.wait_metric("ect_scheduler_tasks_unassignable", 1, Duration::from_secs(60)).await?;
		ect_e2e::wait::blocks(&rpc, 6, Duration::from_secs(60)).await?;
		ensure!(scheduler.metric(r#"ect_scheduler_tasks_total{step="authorise"}"#).await? == 0, "nobody was authorised");
		for worker in [&bob, &eve] {
			ensure!(worker.metric(r#"ect_worker_tasks_total{outcome="computed"}"#).await? == 0, "a worker computed something");
		}

		// The requester sees why, in text and in JSON.
		let text = cli(&["--url", &url, "task", "show", &task, "--pool-service", &pool_service], CLI).await?.ok()?;
		let at_most = format!("at most {WORKER_MIB} MiB");
		for needle in ["not assigned", "memory", NEEDED_MIB, at_most.as_str()] {
			ensure!(text.stdout.contains(needle), "task show does not say {needle:?}:\n{}", text.stdout);
		}
		let json = shown(&url, &task, &pool_service).await?;
		ensure!(json["status"] == "Active" && json["contributors"] == 0, "{json}");
		ensure!(json["pool"]["assigned"].as_array().is_some_and(Vec::is_empty), "{json}");
		let waiting = json_text(&json, "/pool/waiting")?;
		for needle in ["memory", NEEDED_MIB, WORKER_MIB] {
			ensure!(waiting.contains(needle), "the reason {waiting:?} does not say {needle:?}");
		}

		// An unreachable pool service is an error, not a silence.
		let gone = format!("ws://127.0.0.1:{}", free_port());
		let failed = cli(&["--url", &url, "task", "show", &task, "--pool-service", &gone], CLI).await?;
		ensure!(failed.code == 1 && failed.stderr.contains("pool service"), "{failed:?}");

		// A task needing 64 MiB is certified by the same workers.
		let (_, small) = request(&url, app, SMALL_MIB, "small enough").await?;
		let watched = cli(&["--url", &url, "task", "watch", &small, "--timeout", "180"], Duration::from_secs(240)).await?;
		ensure!(watched.code == 0, "task watch exit {}: {}{}", watched.code, watched.stdout, watched.stderr);
		let certified = shown(&url, &small, &pool_service).await?;
		let ours = [cloud::account("//Bob")?.to_ss58check(), cloud::account("//Eve")?.to_ss58check()];
		let contributors: Vec<&str> = certified["contributions"]
			.as_array()
			.ok_or_else(|| anyhow!("no contributions: {certified}"))?
			.iter()
			.filter_map(|c| c["worker"].as_str())
			.collect();
		ensure!(!contributors.is_empty() && contributors.iter().all(|w| ours.iter().any(|o| o.as_str() == *w)), "{certified}");

		// The first task still waits, for the same reason.
		let json = shown(&url, &task, &pool_service).await?;
		ensure!(json["contributors"] == 0 && json_text(&json, "/pool/waiting")?.contains(NEEDED_MIB), "{json}");
		ensure!(scheduler.metric("ect_scheduler_tasks_unassignable").await? == 1, "one task waits");
		let logged = scheduler.current_run_log()?.matches("not assigned: ").count();
		ensure!(logged == 1, "the reason was logged {logged} times, not once");
		Ok(())
	})
	.await;
	work.conclude(result)
}
