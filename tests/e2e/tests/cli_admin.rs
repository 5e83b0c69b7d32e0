//! What owners and holders do with the `ect` CLI only, on one dev node:
//! Alice sends funds to a fresh key (`ect key generate`) and its balance
//! shows them; she creates a restriction group, adds Bob and removes him,
//! and destroys it; she gives an app to Bob (`ect app show` names the new
//! owner), who publishes an offer of it and unpublishes it (it leaves the
//! order book); Bob removes a dataset (it is gone and its deposit is no
//! longer held); Charlie updates a workerpool's policy and capabilities and
//! gives it to Dave.

use std::time::Duration;

use anyhow::{anyhow, ensure, Result};
use ect_e2e::{app_path, cli, cli_json, cloud, json_text, with_timeout, Node, WorkDir};
use polkadot_sdk::sp_core::crypto::Ss58Codec;
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(240);
const CLI: Duration = Duration::from_secs(60);

/// Runs `ect --url URL --json ARGS`, which must succeed, and returns its JSON.
async fn ect(url: &str, args: &[&str]) -> Result<Value> {
	cli_json(url, args, CLI).await
}

/// The text at `pointer` in `json`.
fn text<'a>(json: &'a Value, pointer: &str) -> Result<&'a str> {
	json_text(json, pointer)
}

/// The number at `pointer` in `json`, as command-line text.
fn id(json: &Value, pointer: &str) -> Result<String> {
	json.pointer(pointer).and_then(Value::as_u64).map(|n| n.to_string()).ok_or_else(|| anyhow!("no {pointer} in {json}"))
}

/// The amount (a string of planck) at `pointer` in `json`.
fn planck(json: &Value, pointer: &str) -> Result<u128> {
	Ok(text(json, pointer)?.parse()?)
}

/// The SS58 account of a dev key.
fn ss58(uri: &str) -> Result<String> {
	Ok(cloud::account(uri)?.to_ss58check())
}

#[tokio::test(flavor = "multi_thread")]
async fn owners_transfer_funds_and_assets_manage_groups_and_withdraw_offers() -> Result<()> {
	let work = WorkDir::new("cli-admin");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let url = node.ws_url();

		// Funds to a fresh key.
		let fresh = ect(&url, &["key", "generate"]).await?;
		let fresh = text(&fresh, "/account")?.to_string();
		let sent = ect(&url, &["--key", "//Alice", "account", "transfer", &fresh, "2.5ect"]).await?;
		ensure!(text(&sent, "/to")? == fresh && text(&sent, "/from")? == ss58("//Alice")?, "{sent}");
		ensure!(planck(&sent, "/amount")? == 2_500_000_000_000, "{sent}");
		let balance = ect(&url, &["account", "balance", &fresh]).await?;
		ensure!(planck(&balance, "/free")? == 2_500_000_000_000, "{balance}");

		// A restriction group: one member in, then out, then the group gone.
		let group = ect(&url, &["--key", "//Alice", "group", "create"]).await?;
		ensure!(text(&group, "/owner")? == ss58("//Alice")?, "{group}");
		let group = id(&group, "/group")?;
		let added = ect(&url, &["--key", "//Alice", "group", "add", &group, "//Bob"]).await?;
		ensure!(text(&added, "/added")? == ss58("//Bob")? && added["members"] == 1, "{added}");
		let removed = ect(&url, &["--key", "//Alice", "group", "remove", &group, "//Bob"]).await?;
		ensure!(text(&removed, "/removed")? == ss58("//Bob")? && removed["members"] == 0, "{removed}");
		let destroyed = ect(&url, &["--key", "//Alice", "group", "destroy", &group]).await?;
		ensure!(planck(&destroyed, "/deposit_released")? > 0, "{destroyed}");

		// An app given to Bob, who offers it and withdraws the offer.
		let wasm = app_path("hash")?.display().to_string();
		let app = ect(&url, &["--key", "//Alice", "app", "register", "--name", "hash", "--url", &wasm, "--file", &wasm]).await?;
		let app = id(&app, "/app")?;
		let given = ect(&url, &["--key", "//Alice", "app", "transfer", &app, "//Bob"]).await?;
		ensure!(text(&given, "/to")? == ss58("//Bob")?, "{given}");
		let shown = ect(&url, &["app", "show", &app]).await?;
		ensure!(text(&shown, "/owner")? == ss58("//Bob")?, "{shown}");
		let offer = work.path().join("offer.json");
		std::fs::write(&offer, format!(r#"{{"kind": "app", "app": {app}, "price": "1ect", "volume": 1}}"#))?;
		let published = ect(&url, &["--key", "//Bob", "order", "publish", &offer.display().to_string()]).await?;
		let hash = text(&published, "/order_hash")?.to_string();
		let asset = format!("app:{app}");
		let listed = |json: &Value| json["orders"].as_array().is_some_and(|orders| orders.iter().any(|o| o["order_hash"] == hash.as_str()));
		ensure!(listed(&ect(&url, &["order", "list", &asset]).await?), "the offer is not in the book");
		let unpublished = ect(&url, &["--key", "//Bob", "order", "unpublish", &hash]).await?;
		ensure!(text(&unpublished, "/order_hash")? == hash, "{unpublished}");
		ensure!(!listed(&ect(&url, &["order", "list", &asset]).await?), "the offer is still in the book");

		// A dataset removed: gone, its deposit no longer held.
		let data = work.path().join("dataset.txt");
		std::fs::write(&data, "the quick brown fox\n")?;
		let data = data.display().to_string();
		let dataset = ect(&url, &["--key", "//Bob", "dataset", "register", "--name", "fox", "--url", &data, "--file", &data]).await?;
		let dataset = id(&dataset, "/dataset")?;
		let reserved = planck(&ect(&url, &["account", "balance", "//Bob"]).await?, "/reserved")?;
		let gone = ect(&url, &["--key", "//Bob", "dataset", "remove", &dataset]).await?;
		ensure!(text(&gone, "/deposit_released/to")? == ss58("//Bob")?, "{gone}");
		let deposit = planck(&gone, "/deposit_released/amount")?;
		let after = planck(&ect(&url, &["account", "balance", "//Bob"]).await?, "/reserved")?;
		ensure!(deposit > 0 && reserved.checked_sub(after) == Some(deposit), "reserved {reserved} → {after}, deposit {deposit}");
		let show = cli(&["--url", &url, "dataset", "show", &dataset], CLI).await?;
		ensure!(show.code == 1 && show.stderr.contains(&format!("unknown dataset {dataset}")), "{show:?}");

		// A workerpool updated, then given to Dave.
		let pool = ect(&url, &["--key", "//Charlie", "pool", "register", "--description", "cli pool"]).await?;
		let pool = id(&pool, "/workerpool")?;
		let updated =
			ect(&url, &["--key", "//Charlie", "pool", "update", &pool, "--scheduler-reward-ratio", "7", "--cpu-cores", "4"]).await?;
		ensure!(text(&updated, "/scheduler_reward_ratio")? == "7%" && updated["capabilities"]["cpu_cores"] == 4, "{updated}");
		let shown = ect(&url, &["pool", "show", &pool]).await?;
		ensure!(text(&shown, "/scheduler_reward_ratio")? == "7%" && shown["capabilities"]["cpu_cores"] == 4, "{shown}");
		ect(&url, &["--key", "//Charlie", "pool", "transfer", &pool, "//Dave"]).await?;
		let shown = ect(&url, &["pool", "show", &pool]).await?;
		ensure!(text(&shown, "/owner")? == ss58("//Dave")?, "{shown}");
		Ok(())
	})
	.await;
	work.conclude(result)
}
