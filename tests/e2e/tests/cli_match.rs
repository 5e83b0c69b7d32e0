//! Orders signed off chain and matched by a third party, with the `ect` CLI
//! only, on a dev node with its embedded dev pool (`--dev-pool 3`: //Ferdie
//! owns and schedules workerpool 0, which serves category 0). Alice
//! registers an app and Bob a dataset; four order files are written and
//! signed by their owners with `ect order sign` (Alice the app order, Bob the
//! dataset order, Ferdie the dev pool's workerpool order, Dave the request),
//! which sends nothing; Eve matches them with `ect match`. The deal is
//! Dave's, its task runs to Completed (`ect task watch`), and its result
//! checks against the certified digest (`ect task result`).

use std::{path::Path, time::Duration};

use anyhow::{anyhow, ensure, Context, Result};
use ect_e2e::{app_path, cli, cli_json, cloud, json_text, node::free_port, with_timeout, Node, NodeConfig, WorkDir};
use pallet_ect_registry::AssetRef;
use polkadot_sdk::sp_core::{crypto::Ss58Codec, sr25519, Pair};
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(300);
const CLI: Duration = Duration::from_secs(60);
/// How long the task may take from its deal to Completed.
const TASK_SECS: &str = "180";
/// The task's input, and what the example app `hash` prints for it.
const INPUT: &str = "hello ECT";
const INPUT_SHA256: &str = "28df8909564520c972a97b7321e53a43f266e8d4e3b7acb28dce1e5dacebc222";

/// Runs `ect --url URL --json ARGS`, which must succeed, and returns its JSON.
async fn ect(url: &str, args: &[&str]) -> Result<Value> {
	cli_json(url, args, CLI).await
}

/// The text at `pointer` in `json`.
fn text<'a>(json: &'a Value, pointer: &str) -> Result<&'a str> {
	json_text(json, pointer)
}

/// The SS58 account of a dev key.
fn ss58(uri: &str) -> Result<String> {
	Ok(cloud::account(uri)?.to_ss58check())
}

/// Checks a signed order file on its own: the order hash it carries is
/// signed by `uri`'s sr25519 key.
fn check_signed_file(path: &Path, uri: &str) -> Result<()> {
	let json: Value = serde_json::from_slice(&std::fs::read(path)?)?;
	let bytes = |field: &str| -> Result<Vec<u8>> {
		let hex = text(&json, &format!("/{field}"))?;
		Ok(hex::decode(hex.strip_prefix("0x").unwrap_or(hex))?)
	};
	let signature = sr25519::Signature::from_raw(bytes("signature")?.try_into().map_err(|_| anyhow!("not 64 bytes"))?);
	let pair = sr25519::Pair::from_string(uri, None).map_err(|e| anyhow!("{e:?}"))?;
	ensure!(sr25519::Pair::verify(&signature, bytes("order_hash")?, &pair.public()), "{} not signed by {uri}", path.display());
	ensure!(text(&json, "/salt")?.len() == 66, "{} has no salt", path.display());
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn four_orders_signed_off_chain_are_matched_by_a_third_party_and_the_deal_runs() -> Result<()> {
	let work = WorkDir::new("cli-match");
	let config = NodeConfig::new("dev", "--dev", work.path())
		.args(["--dev-pool".to_string(), "3".into(), "--dev-pool-port".into(), free_port().to_string()]);
	let node = Node::start(config, work.path())?;
	let result = with_timeout(LIMIT, async {
		let url = node.ws_url();
		let rpc = node.rpc().await?;
		// The dev pool is set up once its offers are in the book.
		cloud::wait_open_orders(&rpc, AssetRef::Workerpool(0), Duration::from_secs(120))
			.await
			.context("the dev pool did not publish its offers")?;

		let wasm = app_path("hash")?.display().to_string();
		let app = ect(&url, &["--key", "//Alice", "app", "register", "--name", "hash", "--url", &wasm, "--file", &wasm]).await?;
		let app = app["app"].as_u64().ok_or_else(|| anyhow!("no app id: {app}"))?;
		let data = work.path().join("dataset.txt");
		std::fs::write(&data, "the quick brown fox jumps over the lazy dog\n")?;
		let data = data.display().to_string();
		let dataset = ect(&url, &["--key", "//Bob", "dataset", "register", "--name", "fox", "--url", &data, "--file", &data]).await?;
		let dataset = dataset["dataset"].as_u64().ok_or_else(|| anyhow!("no dataset id: {dataset}"))?;

		let write = |name: &str, json: Value| -> Result<String> {
			let path = work.path().join(name);
			std::fs::write(&path, json.to_string())?;
			Ok(path.display().to_string())
		};
		let orders = [
			("app", "//Alice", write("app.json", serde_json::json!({"kind": "app", "app": app, "price": "0.5ect", "volume": 10}))?),
			(
				"dataset",
				"//Bob",
				write("dataset.json", serde_json::json!({"kind": "dataset", "dataset": dataset, "price": "0.25ect", "volume": 10}))?,
			),
			(
				"workerpool",
				"//Ferdie",
				write(
					"pool.json",
					serde_json::json!({"kind": "workerpool", "workerpool": 0, "price": "1ect", "volume": 10, "category": 0, "trust": 1}),
				)?,
			),
			(
				"request",
				"//Dave",
				write(
					"request.json",
					serde_json::json!({
						"kind": "request", "app": app, "app_max_price": "1ect", "dataset": dataset, "dataset_max_price": "1ect",
						"workerpool": 0, "workerpool_max_price": "2ect", "params": format!(r#"{{"input": "{INPUT}"}}"#),
					}),
				)?,
			),
		];

		// Each owner signs its order off chain: nothing is sent (Ferdie, the
		// dev pool's scheduler, sends its own transactions meanwhile).
		let quiet = ["//Alice", "//Bob", "//Dave"].map(cloud::account).into_iter().collect::<Result<Vec<_>>>()?;
		let mut nonces = Vec::new();
		for account in &quiet {
			nonces.push(rpc.next_nonce(account).await?);
		}
		let mut signed = Vec::new();
		for (kind, key, path) in &orders {
			let out = format!("{path}.signed");
			let printed = ect(&url, &["--key", key, "order", "sign", path, "--out", &out]).await?;
			ensure!(text(&printed, "/kind")? == *kind && text(&printed, "/signer")? == ss58(key)?, "{kind}: {printed}");
			ensure!(text(&printed, "/order/signature")?.len() == 2 + 128, "{kind}: {printed}");
			check_signed_file(Path::new(&out), key)?;
			signed.push(out);
		}
		let request: Value = serde_json::from_slice(&std::fs::read(&signed[3])?)?;
		ensure!(text(&request, "/requester")? == ss58("//Dave")?, "the request is Dave's: {request}");
		ect_e2e::wait::blocks(&rpc, 1, Duration::from_secs(30)).await?;
		for (account, nonce) in quiet.iter().zip(&nonces) {
			ensure!(rpc.next_nonce(account).await? == *nonce, "signing sent a transaction of {account:?}");
		}

		// Eve, who owns none of them, matches the four into Dave's deal.
		let eve = cloud::account("//Eve")?;
		let eve_nonce = rpc.next_nonce(&eve).await?;
		let matched = ect(&url, &[
			"--key", "//Eve", "match", "--app", &signed[0], "--dataset", &signed[1], "--pool", &signed[2], "--request", &signed[3],
		])
		.await?;
		ensure!(text(&matched, "/requester")? == ss58("//Dave")?, "{matched}");
		ensure!(matched["deals"].as_array().is_some_and(|deals| deals.len() == 1), "one deal: {matched}");
		let (deal, task) = (text(&matched, "/deals/0/deal")?, text(&matched, "/deals/0/tasks/0")?);
		ensure!(rpc.next_nonce(&eve).await? == eve_nonce + 1, "Eve sent the match");

		let shown = ect(&url, &["deal", "show", deal]).await?;
		for (pointer, who) in
			[("/requester", "//Dave"), ("/app/owner", "//Alice"), ("/dataset/owner", "//Bob"), ("/workerpool/owner", "//Ferdie")]
		{
			ensure!(text(&shown, pointer)? == ss58(who)?, "{pointer} is not {who}: {shown}");
		}

		// The dev pool computes the task; its result checks.
		let mut all = vec!["--url", url.as_str(), "task", "watch", task, "--timeout", TASK_SECS];
		let watched = cli(&all, Duration::from_secs(240)).await?;
		ensure!(watched.code == 0, "task watch exit {}: {}{}", watched.code, watched.stdout, watched.stderr);
		all.truncate(2);
		all.extend(["--json", "task", "result", task]);
		let result = cli(&all, CLI).await?.ok()?.json()?;
		ensure!(result["verified"] == true, "{result}");
		ensure!(result["stdout"].as_str().is_some_and(|out| out.contains(INPUT_SHA256)), "the app's output: {result}");
		Ok(())
	})
	.await;
	work.conclude(result)
}
