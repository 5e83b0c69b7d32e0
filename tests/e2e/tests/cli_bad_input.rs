//! The `ect` CLI against bad input, on a real dev node: an unknown app (in a
//! request and in an order file), a request the account cannot pay for or
//! with out-of-range terms (`--price-weight`, `--cpu-arch`), an order
//! lifetime (`--expires-in`) of no block or beyond the chain's 30 days, an
//! order file expired already, a cancel without the order's salt or expiry,
//! malformed order files, unusable keys, key and signed-order files that
//! exist already, orders signed by someone who may not sign them, a request
//! given to `order publish`, and `ect match` given a tampered signature, a
//! file changed after signing, an order neither signed nor presigned, the
//! wrong kind or a missing file; and the owners' commands given what they
//! must refuse: a transfer of nothing, to no account, beyond the funds or
//! below the existential deposit; an unpublish of an order not in the book; a group,
//! an app, a dataset or a workerpool unknown or someone else's, a member
//! added twice or removed though absent, an app given to its owner, a pool
//! update without a change or out of range; a bridge withdrawal to a
//! malformed address, of nothing or beyond what was bridged in, and a
//! deposit to a malformed contract address, through an Ethereum node that
//! is not there or with a malformed key; a worker declaring more memory than
//! it has, or no cores; a council motion by a non-member, a vote on or a
//! close of no motion, a pause of a whole pallet, an unknown market mode, a
//! runtime upgrade with nothing authorized or of a missing file. Each is a clear message on
//! stderr (and in `--json` output)
//! and a non-zero exit, and nothing reaches the chain: no signed extrinsic
//! in any block meanwhile, no nonce used. Then the refusals only the chain
//! can make (an offer of someone else's app, a presignature of someone
//! else's order) come back naming the on-chain error.

use std::time::Duration;

use anyhow::{ensure, Result};
use ect_e2e::{app_path, cli, cloud, events, with_timeout, CliOutput, Node, WorkDir};

const LIMIT: Duration = Duration::from_secs(240);
const CLI: Duration = Duration::from_secs(60);
/// An Ethereum address (nobody's).
const ETH_ADDRESS: &str = "0x4242424242424242424242424242424242424242";
/// A well-formed Ethereum key (anvil's first, unused here: no Ethereum node runs).
const ETH_KEY: &str = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

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
		// Any file: with nothing authorized, `upgrade apply` refuses it.
		let app_file = app_path("hash")?.display().to_string();
		let pool = cloud::register_pool(&cloud::sender(&url, "//Charlie").await?).await?.to_string();

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
		let salt = format!("0x{}", "01".repeat(32));
		let no_expiry = file("no-expiry.json", &format!(r#"{{"kind": "app", "app": 0, "price": "1ect", "volume": 1, "salt": "{salt}"}}"#))?;
		let missing = work.path().join("missing.json").display().to_string();
		let existing = file("existing.txt", "keep me")?;
		let request_file = file(
			"request.json",
			&format!(r#"{{"kind": "request", "app": {app}, "app_max_price": "1ect", "workerpool_max_price": "1ect"}}"#),
		)?;
		// A group of Alice's, with Bob in it (sent before the window below).
		let group = cli(&["--url", &url, "--json", "--key", "//Alice", "group", "create"], CLI).await?.ok()?.json()?;
		let group = group["group"].as_u64().ok_or_else(|| anyhow::anyhow!("no group id: {group}"))?.to_string();
		cli(&["--url", &url, "--key", "//Alice", "group", "add", &group, "//Bob"], CLI).await?.ok()?;
		let unknown_order = format!("0x{}", "11".repeat(32));
		let alices_offer = file("alices-app.json", &format!(r#"{{"kind": "app", "app": {app}, "price": "1ect", "volume": 1}}"#))?;
		// Void from block 1 on: the chain is past it (assets were registered).
		let expired_offer =
			file("expired-app.json", &format!(r#"{{"kind": "app", "app": {app}, "price": "1ect", "volume": 1, "expires": 1}}"#))?;

		// Orders signed off chain by their owners (which sends nothing), and
		// files made from them that `ect match` must refuse.
		let sign = |key: &'static str, path: String| {
			let url = url.clone();
			async move {
				let out = format!("{path}.signed");
				cli(&["--url", &url, "--key", key, "order", "sign", &path, "--out", &out], CLI).await?.ok()?;
				anyhow::Ok((out.clone(), serde_json::from_slice::<serde_json::Value>(&std::fs::read(&out)?)?))
			}
		};
		let (app_signed, app_json) = sign("//Alice", alices_offer.clone()).await?;
		let pool_offer = file("pool.json", &format!(r#"{{"kind": "workerpool", "workerpool": {pool}, "price": "1ect", "volume": 1}}"#))?;
		let (pool_signed, _) = sign("//Charlie", pool_offer).await?;
		let (request_signed, request_json) = sign("//Dave", request_file.clone()).await?;
		let edit = |name: &str, json: &serde_json::Value, change: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>)| {
			let mut json = json.clone();
			if let Some(fields) = json.as_object_mut() {
				change(fields);
			}
			file(name, &json.to_string())
		};
		let tampered = edit("tampered.json", &app_json, &|fields| {
			let mut signature = fields.get("signature").and_then(serde_json::Value::as_str).unwrap_or_default().to_string();
			let flipped = if signature.pop() == Some('0') { '1' } else { '0' };
			signature.push(flipped);
			fields.insert("signature".into(), signature.into());
		})?;
		let changed = edit("changed-request.json", &request_json, &|fields| {
			fields.insert("volume".into(), 2.into());
		})?;
		let unsigned = edit("unsigned.json", &app_json, &|fields| {
			fields.remove("signature");
			fields.remove("order_hash");
		})?;
		let matching = |app: &str, request: &str| -> Vec<String> {
			["--key", "//Eve", "match", "--app", app, "--pool", &pool_signed, "--request", request].iter().map(|a| a.to_string()).collect()
		};
		let request = |key: &'static str, app: &str, price: &str| -> Vec<String> {
			[
				"--key", key, "request", "--app", app, "--category", "0", "--trust", "1", "--app-max-price", price,
				"--pool-max-price", "1ect",
			]
			.iter()
			.map(|a| a.to_string())
			.collect()
		};

		let worker_dir = work.path().join("worker").display().to_string();
		let cases = vec![
			case(
				"worker declaring more memory than it has",
				&["--key", "//Bob", "worker", "--pool", &pool, "--state-dir", &worker_dir, "--memory-mib", "4000000000"],
				1,
				"--memory-mib 4000000000: more than the",
			),
			case("worker declaring no cores", &["--key", "//Bob", "worker", "--pool", &pool, "--cores", "0"], 2, "--cores"),
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
			case("cancel of an order without its expiry", &["--key", "//Alice", "order", "cancel", &no_expiry], 1, "no expires"),
			case("offer of an expired order file", &["--key", "//Alice", "order", "publish", &expired_offer], 1, "expired at block 1"),
			case(
				"offer valid for no block",
				&["--key", "//Alice", "order", "publish", &alices_offer, "--expires-in", "0"],
				2,
				"an order must stay valid at least 2 blocks",
			),
			case(
				"signing an offer expiring beyond 30 days",
				&["--key", "//Alice", "order", "sign", &alices_offer, "--expires-in", "1296001"],
				2,
				"beyond the longest order lifetime the chain accepts",
			),
			case("key that is not a secret URI", &["--key", "not a key", "order", "publish", &unknown_offer], 2, "invalid key"),
			case("key with a malformed seed", &["--key", "0x1234", "account", "balance"], 2, "invalid key"),
			case("new key over an existing file", &["key", "generate", "--out", &existing], 1, "exists: a secret key is never overwritten"),
			case("signing a truncated order file", &["--key", "//Alice", "order", "sign", &not_json], 1, "invalid order file"),
			case("signing an order of an unknown kind", &["--key", "//Alice", "order", "sign", &unknown_kind], 1, "unknown variant `car`"),
			case("signing an offer of an unknown app", &["--key", "//Alice", "order", "sign", &unknown_offer], 1, "unknown app 999"),
			case("signing another's offer", &["--key", "//Bob", "order", "sign", &alices_offer], 1, "may not sign this app order"),
			case(
				"signing into an existing file",
				&["--key", "//Alice", "order", "sign", &alices_offer, "--out", &existing],
				1,
				"exists: a signed order is never overwritten",
			),
			case("presigning a truncated order file", &["--key", "//Alice", "order", "presign", &not_json], 1, "invalid order file"),
			case("presigning an offer of an unknown app", &["--key", "//Alice", "order", "presign", &unknown_offer], 1, "unknown app 999"),
			case("publishing a request", &["--key", "//Dave", "order", "publish", &request_file], 1, "is a request"),
			Case { what: "match with a tampered signature", args: matching(&tampered, &request_signed), code: 1, message: "does not verify".into() },
			Case {
				what: "match of a request changed after signing",
				args: matching(&app_signed, &changed),
				code: 1,
				message: "not the order that was signed".into(),
			},
			Case {
				what: "match of an order neither signed nor presigned",
				args: matching(&unsigned, &request_signed),
				code: 1,
				message: "neither presigned nor published".into(),
			},
			Case { what: "match of the wrong kind", args: matching(&pool_signed, &request_signed), code: 1, message: "--app takes an app order".into() },
			Case { what: "match of a missing file", args: matching(&app_signed, &missing), code: 1, message: "no such file".into() },
			case("transfer of nothing", &["--key", "//Alice", "account", "transfer", "//Bob", "0"], 2, "nothing to move"),
			case("transfer to no account", &["--key", "//Alice", "account", "transfer", "nobody", "1ect"], 2, "invalid account `nobody`"),
			case("transfer beyond the funds", &["--key", "//Dave", "account", "transfer", "//Bob", "100000000ect"], 1, "insufficient funds: need"),
			case(
				"transfer below the existential deposit to an empty account",
				&["--key", "//Alice", "account", "transfer", "//Nobody", "1"],
				1,
				"below the existential deposit",
			),
			case("withdrawal to a malformed address", &["--key", "//Dave", "bridge", "withdraw", "0x42", "1ect"], 2, "invalid Ethereum address `0x42`"),
			case("withdrawal of nothing", &["--key", "//Dave", "bridge", "withdraw", ETH_ADDRESS, "0"], 2, "nothing to move"),
			case("withdrawal beyond what was bridged in", &["--key", "//Dave", "bridge", "withdraw", ETH_ADDRESS, "1ect"], 1, "exceeds what is bridged in"),
			case(
				"deposit to a malformed bridge address",
				&["bridge", "deposit", "--bridge", "0x42", "--eth-key", ETH_KEY, "//Dave", "1ect"],
				2,
				"invalid Ethereum address `0x42`",
			),
			case(
				"deposit through an Ethereum node that is not there",
				&["bridge", "deposit", "--eth-url", "http://127.0.0.1:9", "--bridge", ETH_ADDRESS, "--eth-key", ETH_KEY, "//Dave", "1ect"],
				1,
				"Ethereum at http://127.0.0.1:9",
			),
			case(
				"deposit with a malformed Ethereum key",
				&["bridge", "deposit", "--bridge", ETH_ADDRESS, "--eth-key", "0x1234", "//Dave", "1ect"],
				1,
				"invalid --eth-key",
			),
			case("unpublish of an order not in the book", &["--key", "//Alice", "order", "unpublish", &unknown_order], 1, "is not in the order book"),
			case("unpublish of a malformed hash", &["--key", "//Alice", "order", "unpublish", "0x1234"], 2, "invalid hash `0x1234`"),
			case("member added to an unknown group", &["--key", "//Alice", "group", "add", "999", "//Eve"], 1, "unknown group 999"),
			case("member added to another's group", &["--key", "//Bob", "group", "add", &group, "//Eve"], 1, "is owned by"),
			case("member added twice", &["--key", "//Alice", "group", "add", &group, "//Bob"], 1, "is already a member of group"),
			case("absent member removed", &["--key", "//Alice", "group", "remove", &group, "//Eve"], 1, "is not a member of group"),
			case("member given as no account", &["--key", "//Alice", "group", "remove", &group, "nobody"], 2, "invalid account `nobody`"),
			case("another's group destroyed", &["--key", "//Bob", "group", "destroy", &group], 1, "is owned by"),
			case("unknown group destroyed", &["--key", "//Alice", "group", "destroy", "999"], 1, "unknown group 999"),
			case("transfer of an unknown app", &["--key", "//Alice", "app", "transfer", "999", "//Bob"], 1, "unknown app 999"),
			case("transfer of another's app", &["--key", "//Bob", "app", "transfer", &app, "//Eve"], 1, "is owned by"),
			case("transfer of an app to its owner", &["--key", "//Alice", "app", "transfer", &app, "//Alice"], 1, "is already owned by"),
			case("removal of an unknown dataset", &["--key", "//Alice", "dataset", "remove", "999"], 1, "unknown dataset 999"),
			case("removal of another's workerpool", &["--key", "//Alice", "pool", "remove", &pool], 1, "is owned by"),
			case("update of another's workerpool", &["--key", "//Alice", "pool", "update", &pool, "--cpu-cores", "4"], 1, "is owned by"),
			case("update of an unknown workerpool", &["--key", "//Charlie", "pool", "update", "999", "--cpu-cores", "4"], 1, "unknown workerpool 999"),
			case("pool update without a change", &["--key", "//Charlie", "pool", "update", &pool], 2, "required arguments were not provided"),
			case(
				"motion by a non-member",
				&["--key", "//Dave", "council", "propose", "add-validator", "//Eve"],
				1,
				"is not a council member",
			),
			case("vote on no motion", &["--key", "//Bob", "council", "vote", &format!("0x{}", "42".repeat(32))], 1, "no open motion"),
			case("close of no motion", &["--key", "//Bob", "council", "close", &format!("0x{}", "42".repeat(32))], 1, "no open motion"),
			case("pause of a pallet, not a call", &["--key", "//Alice", "council", "propose", "pause", "Registry"], 1, "is not `Pallet.call`"),
			case("market mode unknown", &["--key", "//Alice", "council", "propose", "market-mode", "paused"], 2, "unknown mode `paused`"),
			case("upgrade with nothing authorized", &["--key", "//Alice", "upgrade", "apply", &app_file], 1, "no upgrade is authorized"),
			case("upgrade of a missing file", &["--key", "//Alice", "upgrade", "apply", "/nonexistent.wasm"], 1, "/nonexistent.wasm"),
			case(
				"pool update out of range",
				&["--key", "//Charlie", "pool", "update", &pool, "--worker-stake-ratio", "101"],
				2,
				"101 is not in 0..=100",
			),
			Case {
				what: "request with a price weight over 100",
				args: [request("//Dave", &app, "1ect"), vec!["--price-weight".into(), "101".into()]].concat(),
				code: 2,
				message: "101 is not in 0..=100".into(),
			},
			Case {
				what: "request valid for no block",
				args: [request("//Dave", &app, "1ect"), vec!["--expires-in".into(), "0".into()]].concat(),
				code: 2,
				message: "an order must stay valid at least 2 blocks".into(),
			},
			Case {
				what: "request expiring beyond 30 days",
				args: [request("//Dave", &app, "1ect"), vec!["--expires-in".into(), "1296001".into()]].concat(),
				code: 2,
				message: "beyond the longest order lifetime the chain accepts".into(),
			},
			Case {
				what: "request of an unknown processor architecture",
				args: [request("//Dave", &app, "1ect"), vec!["--cpu-arch".into(), "sparc".into()]].concat(),
				code: 2,
				message: "invalid value 'sparc' for '--cpu-arch".into(),
			},
		];

		let from = events::best_number(&rpc).await? + 1;
		let accounts = ["//Alice", "//Bob", "//Charlie", "//Dave", "//Eve"].map(cloud::account).into_iter().collect::<Result<Vec<_>>>()?;
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

		ensure!(std::fs::read_to_string(&existing)? == "keep me", "an existing file was overwritten");

		// The chain's own refusals are named: Bob offers Alice's app, and
		// presigns her order.
		let refused = cli(&["--url", &url, "--key", "//Bob", "order", "publish", &alices_offer], CLI).await?;
		check(&case("offer of another's app", &[], 1, "Marketplace.NotOrderOwner"), &refused)?;
		let refused = cli(&["--url", &url, "--key", "//Bob", "order", "presign", &app_signed], CLI).await?;
		check(&case("presignature of another's order", &[], 1, "Marketplace.NotOrderOwner"), &refused)?;
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
