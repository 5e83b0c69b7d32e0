//! The `ect` CLI against bad input, on a real dev node: an unknown app (in a
//! request and in an order file), a request the account cannot pay for,
//! malformed order files and unusable keys. Each is a clear message on
//! stderr (and in `--json` output) and a non-zero exit, and nothing reaches
//! the chain: no signed extrinsic in any block meanwhile, no nonce used.
//! Then one refusal only the chain can make (an offer of someone else's app)
//! comes back naming the on-chain error.

use std::time::Duration;

use anyhow::{ensure, Result};
use ect_e2e::{app_path, cli, cloud, events, with_timeout, CliOutput, Node, WorkDir};

const LIMIT: Duration = Duration::from_secs(180);
const CLI: Duration = Duration::from_secs(60);

/// A case: the command line after `--url`, the exit code and a piece of the
/// message expected.
struct Case {
	what: &'static str,
	args: Vec<String>,
	code: i32,
	message: String,
}

fn case(what: &'static str, args: &[&str], code: i32, message: &str) -> Case {
	Case { what, args: args.iter().map(|a| a.to_string()).collect(), code, message: message.to_string() }
}

fn check(case: &Case, output: &CliOutput) -> Result<()> {
	ensure!(output.code == case.code, "{}: exit {} (expected {}); stderr {:?}", case.what, output.code, case.code, output.stderr);
	ensure!(output.stderr.contains(&case.message), "{}: stderr {:?} lacks {:?}", case.what, output.stderr, case.message);
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_with_a_clear_message_and_nothing_is_submitted() -> Result<()> {
	let work = WorkDir::new("cli-bad-input");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let url = node.ws_url();
		let rpc = node.rpc().await?;
		let alice = cloud::sender(&url, "//Alice").await?;
		let app = cloud::register_app(&alice, "hash", &app_path("hash")?).await?.to_string();

		let file = |name: &str, text: &str| -> Result<String> {
			let path = work.path().join(name);
			std::fs::write(&path, text)?;
			Ok(path.display().to_string())
		};
		let unknown_offer = file("unknown-app.json", r#"{"kind": "app", "app": 999, "price": "1ect", "volume": 1}"#)?;
		let not_json = file("truncated.json", r#"{"kind": "app", "app": 0, "price": "#)?;
		let unknown_field = file("unknown-field.json", r#"{"kind": "app", "app": 0, "prize": "1ect", "volume": 1}"#)?;
		let unknown_kind = file("unknown-kind.json", r#"{"kind": "car", "app": 0, "price": "1ect", "volume": 1}"#)?;
		let bad_price = file("bad-price.json", r#"{"kind": "app", "app": 0, "price": "1.5", "volume": 1}"#)?;
		let missing = work.path().join("missing.json").display().to_string();
		let request = |key: &'static str, app: &str, price: &str| -> Vec<String> {
			[
				"--key", key, "request", "--app", app, "--category", "0", "--trust", "1", "--app-max-price", price,
				"--pool-max-price", "1ect",
			]
			.iter()
			.map(|a| a.to_string())
			.collect()
		};

		let cases = vec![
			Case { what: "request of an unknown app", args: request("//Dave", "999", "1ect"), code: 1, message: "unknown app 999".into() },
			Case {
				what: "request beyond the account's funds",
				args: request("//Dave", &app, "100000000ect"),
				code: 1,
				message: "insufficient funds: need".into(),
			},
			Case {
				what: "request from an account with nothing",
				args: request("//Nobody", &app, "1ect"),
				code: 1,
				message: "insufficient funds: need 2 ECT, have 0 ECT".into(),
			},
			case("offer of an unknown app", &["--key", "//Alice", "order", "publish", &unknown_offer], 1, "unknown app 999"),
			case("truncated order file", &["--key", "//Alice", "order", "publish", &not_json], 1, "invalid order file"),
			case("order file with an unknown field", &["--key", "//Alice", "order", "publish", &unknown_field], 1, "unknown field `prize`"),
			case("order file of an unknown kind", &["--key", "//Alice", "order", "publish", &unknown_kind], 1, "unknown variant `car`"),
			case("order file with a price without unit", &["--key", "//Alice", "order", "publish", &bad_price], 1, "invalid order file"),
			case("missing order file", &["--key", "//Alice", "order", "publish", &missing], 1, "no such file"),
			case("cancel of an order without its salt", &["--key", "//Alice", "order", "cancel", &unknown_offer], 1, "no salt"),
			case("key that is not a secret URI", &["--key", "not a key", "order", "publish", &unknown_offer], 2, "invalid key"),
			case("key with a malformed seed", &["--key", "0x1234", "account", "balance"], 2, "invalid key"),
		];

		let from = events::best_number(&rpc).await? + 1;
		let accounts = [alice.account(), ect_client::Signer::from_uri("//Dave").map_err(anyhow::Error::msg)?.account()];
		let mut nonces = Vec::new();
		for account in &accounts {
			nonces.push(rpc.next_nonce(account).await?);
		}
		for case in &cases {
			let mut args = vec!["--url", url.as_str()];
			args.extend(case.args.iter().map(String::as_str));
			check(case, &cli(&args, CLI).await?)?;
			// `--json` gives the same error as JSON on stdout.
			args.insert(2, "--json");
			let output = cli(&args, CLI).await?;
			check(case, &output)?;
			let json = output.json()?;
			ensure!(json["exit_code"] == case.code && json["error"].as_str().is_some_and(|e| e.contains(&case.message)), "{}: {json}", case.what);
		}

		// Nothing was submitted: no nonce used, no signed extrinsic in the
		// blocks since (one more block is waited for, to see the pool's).
		ect_e2e::wait::blocks(&rpc, 1, Duration::from_secs(30)).await?;
		for (account, nonce) in accounts.iter().zip(&nonces) {
			ensure!(rpc.next_nonce(account).await? == *nonce, "{account:?} sent something");
		}
		ensure!(events::signed_extrinsics_since(&rpc, from).await? == 0, "a signed extrinsic reached the chain");

		// The chain's own refusal is named: Bob offers Alice's app.
		let offer = file("alices-app.json", &format!(r#"{{"kind": "app", "app": {app}, "price": "1ect", "volume": 1}}"#))?;
		let refused = cli(&["--url", &url, "--key", "//Bob", "order", "publish", &offer], CLI).await?;
		check(&case("offer of another's app", &[], 1, "Marketplace.NotOrderOwner"), &refused)?;
		Ok(())
	})
	.await;
	work.conclude(result)
}

/// A reader that goes away (`ect … | head`) ends the output quietly: the
/// command still succeeds and nothing panics.
#[tokio::test]
async fn a_closed_stdout_is_not_a_crash() -> Result<()> {
	let mut command = tokio::process::Command::new(ect_e2e::agent::ect_binary()?);
	command
		.args(["--key", "//Alice", "key", "inspect"])
		.stdin(std::process::Stdio::null())
		.stdout(std::process::Stdio::piped())
		.stderr(std::process::Stdio::piped())
		.kill_on_drop(true);
	let mut child = command.spawn()?;
	// Close the read end before the command can print.
	drop(child.stdout.take());
	let output = tokio::time::timeout(CLI, child.wait_with_output()).await??;
	let stderr = String::from_utf8_lossy(&output.stderr);
	ensure!(output.status.success(), "exit {:?}: {stderr}", output.status);
	ensure!(!stderr.contains("panicked"), "panicked: {stderr}");
	Ok(())
}
