//! A forkless runtime upgrade, enacted by council motion while agents run a
//! task (`docs/validators.md`, Upgrading the runtime):
//!
//! 1. on a dev node, a scheduler and a worker (Eve) take a task at trust 3,
//!    which needs two agreeing workers; Eve contributes;
//! 2. Alice proposes authorizing the upgrade fixture's runtime
//!    (`scripts/build-upgrade-fixture.sh`: one `spec_version` higher, one
//!    more migration), Bob votes, the motion is closed, and Ferdie applies
//!    the code (`ect council ...`, `ect upgrade apply`);
//! 3. the chain runs the new version and keeps producing and finalizing,
//!    and the migration ran: every category's description has its mark;
//! 4. a second worker (Ferdie) joins; the task started before the upgrade
//!    is certified after it: Eve reveals with transactions signed for the
//!    new runtime, the scheduler finalizes; neither was restarted.

use std::{path::PathBuf, time::Duration};

use anyhow::{anyhow, ensure, Context, Result};
use ect_client::runtime::{Balance, UNIT};
use ect_e2e::{
	cli_json,
	cloud::{self, Request},
	json_text, with_timeout, Agent, FinalityWatch, Node, WorkDir,
};
use pallet_ect_poco::TaskStatus;

const LIMIT: Duration = Duration::from_secs(420);
const STEP: Duration = Duration::from_secs(90);
const CLI: Duration = Duration::from_secs(120);
const POOL_PRICE: Balance = 10 * UNIT;
/// Category S of the genesis presets (T = 1 200 s): no deadline is near.
const CATEGORY: u32 = 1;
/// What the fixture's migration appends to every category's description
/// (`runtime/src/upgrade_fixture.rs`).
const MARK: &str = " [migrated]";

/// The upgrade fixture's runtime: `ECT_UPGRADE_WASM`, or where
/// `scripts/build-upgrade-fixture.sh` puts it.
fn fixture_wasm() -> Result<PathBuf> {
	let path = match std::env::var_os("ECT_UPGRADE_WASM") {
		Some(path) => PathBuf::from(path),
		None => {
			let target = std::env::var_os("CARGO_TARGET_DIR")
				.map(PathBuf::from)
				.or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache/ect/target")))
				.ok_or_else(|| anyhow!("no CARGO_TARGET_DIR nor HOME"))?;
			target.join("upgrade-fixture.wasm")
		},
	};
	ensure!(path.is_file(), "{} is missing: run scripts/build-upgrade-fixture.sh", path.display());
	Ok(path)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_council_upgrades_the_runtime_while_agents_run_a_task() -> Result<()> {
	let wasm = fixture_wasm()?;
	let wasm = wasm.to_str().ok_or_else(|| anyhow!("non-UTF-8 path"))?.to_string();
	let work = WorkDir::new("runtime-upgrade");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let url = node.ws_url();
		let rpc = node.rpc().await?;
		let before = rpc.runtime_version().await?.spec_version;
		let cloud::HashMarket { dave, app, pool, .. } = cloud::HashMarket::open(&url, CATEGORY, UNIT, POOL_PRICE).await?;
		let (mut scheduler, port) = Agent::scheduler(&work, &url, cloud::OPERATOR, pool)?;
		let mut eve = Agent::worker(&work, &url, "//Eve", pool, port, false)?;
		scheduler.wait_for_log("joined", STEP)?;

		// The task starts: Eve contributes; it needs a second worker.
		let request = Request {
			app,
			dataset: None,
			category: CATEGORY,
			trust: 3,
			volume: 1,
			params: r#"{"input": "across the upgrade"}"#.into(),
			max_price: POOL_PRICE,
			salt: 1,
		};
		let (deal, _) = cloud::request(&dave, &request).await?;
		eve.wait_for_log("contributed", STEP)?;
		let views = cloud::wait_deal(&rpc, deal, 1, TaskStatus::Active, STEP).await?;
		ensure!(views[0].contributions == 1, "one contribution before the upgrade: {views:?}");

		// The council authorizes the fixture's runtime; Ferdie applies it.
		let proposed = cli_json(&url, &["--key", "//Alice", "council", "propose", "authorize-upgrade", &wasm], CLI).await?;
		let motion = json_text(&proposed, "/motion")?.to_string();
		cli_json(&url, &["--key", "//Bob", "council", "vote", &motion], CLI).await?;
		let closed = cli_json(&url, &["--key", "//Alice", "council", "close", &motion], CLI).await?;
		ensure!(json_text(&closed, "/executed")? == "ok", "the motion: {closed}");
		let shown = cli_json(&url, &["upgrade", "show"], CLI).await?;
		ensure!(shown["authorized"].is_string(), "nothing authorized: {shown}");
		cli_json(&url, &["--key", "//Ferdie", "upgrade", "apply", &wasm], CLI).await.context("ect upgrade apply")?;

		// The chain runs the new runtime, migrated, and keeps finalizing.
		let mut finality = FinalityWatch::new(&rpc).await?;
		finality.advance(3, STEP).await?;
		let after = rpc.runtime_version().await?.spec_version;
		ensure!(after == before + 1, "spec_version {before} -> {after}");
		for id in 0..5 {
			let category = ect_client::reads::category(&rpc, id).await?.ok_or_else(|| anyhow!("no category {id}"))?;
			let description = String::from_utf8_lossy(&category.description).into_owned();
			ensure!(description.ends_with(MARK), "category {id} not migrated: {description:?}");
		}
		println!("runtime {before} -> {after}, categories migrated");

		// Ferdie joins; the task started before the upgrade is certified.
		let ferdie = Agent::worker(&work, &url, "//Ferdie", pool, port, false)?;
		ferdie.wait_for_log("contributed", STEP)?;
		cloud::wait_deal(&rpc, deal, 1, TaskStatus::Completed, STEP).await?;
		eve.wait_for_log("revealed", STEP)?;
		ensure!(eve.is_running() && scheduler.is_running(), "an agent stopped during the upgrade");
		finality.advance(2, STEP).await?;
		Ok(())
	})
	.await;
	work.conclude(result)
}
