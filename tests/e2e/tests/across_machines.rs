//! Every party on a host of its own. Each runs in a network namespace of
//! its own (`ip netns`, created and removed by the test, which runs as root
//! in CI) with its own directory, and reaches the others only over the
//! network:
//!
//! | host | party | listens on |
//! |---|---|---|
//! | `node` | the validator (`ect-node --dev`) | JSON-RPC (`--rpc-external`) |
//! | `provider` | the app and dataset provider: a static HTTP server with the app's wasm, the dataset and the requester's input file | HTTP, [`HTTP_PORT`] |
//! | `pool` | the pool operator: `ect scheduler` with its result store, as the operator key only | pool service [`POOL_PORT`], store [`STORE_PORT`] |
//! | `w1`, `w2`, `w3` | three `ect worker`s | nothing |
//! | `requester` | Dave, with the `ect` CLI | nothing |
//! | `outsider` | Mallory, who abuses the pool service and the store ([`ect_e2e::outsider`]) | nothing |
//!
//! The test process itself plays the owners on chain (the app and dataset
//! owner Alice, the pool owner Charlie) through the node's address. The
//! requester buys a task with an input file given by URL and a dataset (the
//! app counts the words of both); while it is open, the outsider tries an
//! unjoined call, a forged join, a flood of calls, an upload for a task it is
//! not authorised for, an oversized upload and a flood of uploads, each
//! refused with its code and counted in the scheduler's metrics. The task is
//! certified by two agreeing workers, the store holds nothing of the
//! outsider's, and the pool keeps its stake and is paid; the requester
//! downloads the result over HTTP from its own host and verifies it. A
//! second task names a result key
//! (`encrypt_to`): its stored bundle is ciphertext to every other host, and
//! only the requester's secret opens it. A third names the chain's inbox as
//! its callback target: the requester reads the result there with `ect
//! account inbox`. No party is given a path outside its
//! own directory, the requester's secret is nowhere else, and the pool owner's
//! key never reaches the scheduler's host.

use std::{path::Path, time::Duration};

use anyhow::{anyhow, ensure, Context, Result};
use ect_client::runtime::{Balance, UNIT};
use ect_e2e::{
	cloud::{self, OPERATOR},
	netns::{self, Host},
	events,
	outsider::{self, Target},
	with_timeout, Agent, Network, Node, NodeConfig, WorkDir,
};
use pallet_ect_escrow::Pot;
use pallet_ect_poco::TaskStatus;
use polkadot_sdk::sp_core::H256;

const LIMIT: Duration = Duration::from_secs(480);
/// How long one `ect` command may take.
const CLI: Duration = Duration::from_secs(60);
/// How long a task may take from request to certification.
const TASK: Duration = Duration::from_secs(180);

/// Category S of the genesis presets (T = 1 200 s): no deadline is near.
const CATEGORY: u32 = 1;
/// Fresh workers weigh 2 each: trust 4 needs two of them to agree.
const TRUST: u32 = 4;
const APP_PRICE: Balance = UNIT;
const DATASET_PRICE: Balance = UNIT;
const POOL_PRICE: Balance = 10 * UNIT;

/// Every host is a fresh namespace: fixed ports cannot collide.
const HTTP_PORT: u16 = 8000;
const POOL_PORT: u16 = 9955;
const STORE_PORT: u16 = 9956;
const METRICS_PORT: u16 = 9957;

/// The workers' hosts and keys.
const WORKERS: [(&str, &str); 3] = [("w1", "//Bob"), ("w2", "//Eve"), ("w3", "//Ferdie")];
const REQUESTER: &str = "//Dave";
/// The pool's owner: its key stays in the test process.
const POOL_OWNER: &str = "//Charlie";

/// The provider's dataset (6 words, 3 distinct).
const DATASET: &str = "ledger ledger ledger cloud cloud sidechain\n";
/// The requester's input file, served by the provider (8 more words, all
/// distinct: `requester's` is two).
const INPUT: &str = "the requester's own input, fetched by URL\n";
/// What `wordcount` makes of the dataset and the input file together.
const WORDCOUNT: &str = "words 14 distinct 11\n       3 ledger\n       2 cloud\n";

#[tokio::test(flavor = "multi_thread")]
async fn every_party_on_a_host_of_its_own() -> Result<()> {
	let work = WorkDir::new("across-machines");
	let result = with_timeout(LIMIT, run(&work)).await;
	work.conclude(result)
}

/// The test's body; everything it starts is dropped (killed, removed) when
/// it returns, in reverse order: processes first, then the network.
async fn run(work: &WorkDir) -> Result<()> {
	netns::require("python3")?;
	netns::require("curl")?;
	let net = Network::new(work.path(), &["node", "provider", "pool", "w1", "w2", "w3", "requester", "outsider"])?;
	let (provider, pool_host, requester) = (net.host("provider"), net.host("pool"), net.host("requester"));

	// The provider serves the app, the dataset and the input file.
	let files = Provider::serve(provider)?;
	netns::wait_listening(provider.socket(HTTP_PORT), Duration::from_secs(20)).await?;

	// The validator, its RPC open on its host's address.
	let node_host = net.host("node");
	let node = Node::start(NodeConfig::new("node", "--dev", &node_host.dir).on_host(node_host), &node_host.dir)?;
	let url = node.ws_url();
	let rpc = node.rpc().await?;

	// The owners, from the test process: the app and the dataset at the
	// provider's URLs, and the pool with its operator named.
	let alice = cloud::sender(&url, "//Alice").await?;
	let app = cloud::register_app_at(&alice, "wordcount", &files.url("app.wasm"), files.checksum("app.wasm")?).await?;
	cloud::offer_app(&alice, app, APP_PRICE).await?;
	let dataset = cloud::register_dataset(&alice, &files.url("dataset.txt"), files.checksum("dataset.txt")?).await?;
	cloud::offer_dataset(&alice, dataset, DATASET_PRICE).await?;
	let owner = cloud::sender(&url, POOL_OWNER).await?;
	let pool = cloud::register_pool(&owner).await?;
	cloud::offer_pool(&owner, pool, CATEGORY, 1_000, POOL_PRICE).await?;

	// The pool operator's host: the scheduler and its store, reachable at
	// the host's address; then the workers join it from theirs.
	let scheduler = start_scheduler(pool_host, &url, pool)?.serving_metrics(pool_host.socket(METRICS_PORT));
	scheduler.wait_for_logs(&["acting as the operator of its owner", "service on"], Duration::from_secs(30))?;
	let workers = WORKERS
		.iter()
		.map(|(host, key)| start_worker(net.host(host), &url, key, pool, pool_host))
		.collect::<Result<Vec<_>>>()?;
	scheduler.wait_for_logs(&["joined"; WORKERS.len()], Duration::from_secs(60))?;

	let market = Market { requester, url: &url, app, dataset, pool };
	let input = files.input_param("input.txt")?;

	// Task 1: the requester buys it from its host, with its input file by URL.
	let (deal, task) = market.request(&serde_json::json!({ "inputs": [input] })).await?;

	// While it is open, the outsider abuses the pool from its host.
	let target = Target {
		pool_url: pool_host.url("ws", POOL_PORT),
		store_url: pool_host.url("http", STORE_PORT),
		genesis: rpc.genesis_hash().await?,
		pool,
		task,
		worker: cloud::account(WORKERS[0].1)?,
	};
	let store_url = target.store_url.clone();
	let attempts = net.host("outsider").within(move || async move { outsider::abuse(&target).await }).await?;
	let expected = [
		("assignments without a join", "not_joined"),
		("a join in a worker's name signed by another key", "bad_signature"),
		("assignments of a joined outsider", "none"),
		("a flood of calls on one connection", "rate_limited"),
		("an upload for a task it is not authorised for", "not_authorised"),
		// Refused from its length; the sender may see the connection cut
		// first (the store's count of `too_large` below tells).
		("an oversized upload", "too_large"),
	];
	for ((attempt, got), (_, want)) in attempts.iter().zip(expected) {
		let cut_off = *attempt == "an oversized upload" && got == outsider::CUT_OFF;
		ensure!(got == want || cut_off, "{attempt}: {got}, not {want}");
	}
	let flood = attempts.last().map(|(_, codes)| codes.as_str()).unwrap_or_default();
	ensure!(flood.split('|').all(|code| ["not_authorised", "busy"].contains(&code)), "a flood of uploads: {flood}");
	for (code, at_least) in [("not_joined", 1), ("bad_signature", 1), ("rate_limited", 1)] {
		scheduler.wait_metric(&format!("ect_pool_refusals_total{{code=\"{code}\"}}"), at_least, CLI).await?;
	}
	let unauthorised = scheduler.metric(r#"ect_store_refusals_total{code="not_authorised"}"#).await? +
		scheduler.metric(r#"ect_store_refusals_total{code="busy"}"#).await?;
	ensure!(unauthorised > outsider::FLOOD as u64, "store refusals counted: {unauthorised}");
	ensure!(scheduler.metric(r#"ect_store_refusals_total{code="too_large"}"#).await? >= 1, "oversized upload not counted");

	// The task is certified all the same; the store holds no bundle of the
	// outsider's; the pool lost no stake and was paid.
	cloud::wait_deal(&rpc, deal, 1, TaskStatus::Completed, TASK).await?;
	let forged = H256(ect_runner::blake2_256(outsider::FORGED));
	let lookup = ect_agents::store::client::bundle(&store_url, &forged).await;
	ensure!(lookup.as_ref().err().and_then(|e| e.code()) == Some("not_found"), "the forged bundle: {lookup:?}");
	let finalization = events::of_finalization(&rpc, task).await?;
	let owner_account = owner.account();
	ensure!(events::seized(&finalization, &owner_account) == 0, "the pool's stake was seized");
	ensure!(events::rewarded(&finalization, &owner_account, Pot::Protocol) > 0, "the pool was not paid");
	let bundle_file = requester.path("result-1.bundle");
	let fetched = market.result(task, &["--out", &path(&bundle_file)]).await?.ok()?.json()?;
	let location = fetched["location"].as_str().unwrap_or_default();
	ensure!(location.starts_with(&format!("{}/bundles/0x", pool_host.url("http", STORE_PORT))), "results at {location}");
	ensure!(fetched["verified"] == serde_json::json!(true), "not verified: {fetched}");
	ensure!(fetched["files"] == serde_json::json!([{ "path": "callback", "size": 2 }]), "files: {fetched}");
	ensure!(fetched["stdout"].as_str().is_some_and(|out| out.starts_with(WORDCOUNT)), "stdout: {fetched}");
	ensure!(contains(&std::fs::read(&bundle_file)?, WORDCOUNT.as_bytes()), "the plain bundle holds the output");
	// The two workers that computed it fetched the app, the dataset and the
	// input file from the provider's host, over the network.
	let worker_addrs: Vec<String> = WORKERS.iter().map(|(host, _)| net.host(host).addr.to_string()).collect();
	for file in ["app.wasm", "dataset.txt", "input.txt"] {
		let clients = files.clients_of(file)?;
		let workers = clients.iter().filter(|client| worker_addrs.contains(client)).count();
		ensure!(workers >= 2, "{file} fetched by {clients:?}, not by two workers of {worker_addrs:?}");
	}

	// Task 2: the result sealed to the requester's result key.
	let key_file = requester.path("result.key");
	let made = requester.ect(&["--json", "key", "result-key", "--out", &path(&key_file)], CLI).await?.ok()?.json()?;
	let public = made["public_key"].as_str().ok_or_else(|| anyhow!("no public key: {made}"))?.to_string();
	let (deal, task) = market.request(&serde_json::json!({ "inputs": [input], "encrypt_to": public })).await?;
	cloud::wait_deal(&rpc, deal, 1, TaskStatus::Completed, TASK).await?;

	// To every other host, the stored bundle is an envelope, not the output.
	let task_view = ect_client::reads::task(&rpc, task).await?.ok_or_else(|| anyhow!("no task {task:?}"))?;
	let link = ect_runner::results::ResultsLink::parse(&task_view.results).map_err(anyhow::Error::msg)?;
	for host in net.hosts().iter().filter(|host| host.name != requester.name) {
		let copy = host.path("fetched-bundle");
		host.run("curl", &["--silent", "--show-error", "--fail", "--output", &path(&copy), &link.location], CLI).await?.ok()?;
		let stored = std::fs::read(&copy)?;
		ensure!(ect_runner::sealed::is_sealed(&stored), "{} fetched a bundle that is not sealed", host.name);
		ensure!(!contains(&stored, b"ledger") && !contains(&stored, b"words"), "{} can read the sealed bundle", host.name);
	}
	// The requester needs its key, and with it gets the verified result.
	let refused = market.result(task, &[]).await?;
	ensure!(refused.code != 0 && refused.stderr.contains("encrypted"), "without the key: {refused:?}");
	let opened = market.result(task, &["--result-key", &path(&key_file)]).await?.ok()?.json()?;
	ensure!(opened["verified"] == serde_json::json!(true) && opened["encrypted"] == serde_json::json!(true), "opened: {opened}");
	ensure!(opened["stdout"].as_str().is_some_and(|out| out.starts_with(WORDCOUNT)), "stdout: {opened}");

	// Task 3: a dapp on this chain gets its result in the chain's inbox
	// (`--callback inbox`): the callback bytes (`wordcount`'s total), read
	// from the requester's host with `ect account inbox`.
	let (deal, task) = market.request_with(&serde_json::json!({ "inputs": [input] }), &["--callback", "inbox"]).await?;
	cloud::wait_deal(&rpc, deal, 1, TaskStatus::Completed, TASK).await?;
	let inbox = requester.ect(&["--url", &url, "--json", "account", "inbox", REQUESTER], CLI).await?.ok()?.json()?;
	ensure!(inbox["task"] == serde_json::json!(format!("{task:?}")), "the inbox holds another task: {inbox}");
	ensure!(inbox["data"] == serde_json::json!(format!("0x{}", hex::encode(b"14"))), "inbox data: {inbox}");

	// Each party's files are its own: no process was given a path outside
	// its host's directory; the requester's secret is in its directory
	// only; the pool owner's key never reached the pool's host.
	let parties: Vec<(&Host, Option<u32>)> = [(node_host, node.pid()), (provider, files.server.pid()), (pool_host, scheduler.pid())]
		.into_iter()
		.chain(WORKERS.iter().zip(&workers).map(|((host, _), worker)| (net.host(host), worker.pid())))
		.collect();
	for (host, pid) in &parties {
		let argv = command_line(pid.ok_or_else(|| anyhow!("{} is not running", host.name))?)?;
		for arg in argv.split('\0').filter(|arg| arg.contains(&*path(work.path()))) {
			ensure!(Path::new(arg).starts_with(&host.dir), "{} was given {arg}, outside its directory", host.name);
		}
	}
	let secret = std::fs::read_to_string(&key_file)?;
	let secret_hex = secret.trim().trim_start_matches("0x");
	let secret_bytes = hex::decode(secret_hex)?;
	for host in net.hosts().iter().filter(|host| host.name != requester.name) {
		let leaked = files_under(&host.dir)?.into_iter().find(|(_, bytes)| contains(bytes, secret_hex.as_bytes()) || contains(bytes, &secret_bytes));
		ensure!(leaked.is_none(), "the requester's result key is in {:?}", leaked.map(|(path, _)| path));
	}
	let scheduler_argv = command_line(scheduler.pid().ok_or_else(|| anyhow!("the scheduler is not running"))?)?;
	ensure!(scheduler_argv.contains(OPERATOR) && !without_operator(&scheduler_argv).contains(POOL_OWNER), "scheduler: {scheduler_argv:?}");
	for (file, bytes) in files_under(&pool_host.dir)? {
		ensure!(!without_operator(&String::from_utf8_lossy(&bytes)).contains(POOL_OWNER), "the owner's key is in {}", file.display());
	}
	Ok(())
}

/// The provider's host: its files, served over HTTP by a static server.
struct Provider {
	/// The directory served.
	www: std::path::PathBuf,
	/// Its base URL.
	base: String,
	/// The HTTP server (`python3 -m http.server`), which logs every request.
	server: Agent,
}

impl Provider {
	/// Puts the app `wordcount`, the dataset and the input file in the
	/// provider's directory and serves them.
	fn serve(host: &Host) -> Result<Self> {
		let www = host.path("www");
		std::fs::create_dir_all(&www)?;
		std::fs::copy(ect_e2e::app_path("wordcount")?, www.join("app.wasm"))?;
		std::fs::write(www.join("dataset.txt"), DATASET)?;
		std::fs::write(www.join("input.txt"), INPUT)?;
		let args = ["-u", "-m", "http.server", "--bind", &host.addr.to_string(), &HTTP_PORT.to_string(), "--directory", &path(&www)];
		let server = host.start("http", "python3", &args.map(String::from))?;
		Ok(Self { www, base: host.url("http", HTTP_PORT), server })
	}

	/// The URL of the file `name`.
	fn url(&self, name: &str) -> String {
		format!("{}/{name}", self.base)
	}

	/// The blake2-256 of the file `name`.
	fn checksum(&self, name: &str) -> Result<H256> {
		Ok(H256(ect_runner::blake2_256(&std::fs::read(self.www.join(name))?)))
	}

	/// The file `name` as an input file of a task's params.
	fn input_param(&self, name: &str) -> Result<serde_json::Value> {
		Ok(serde_json::json!({ "name": name, "url": self.url(name), "checksum": format!("{:?}", self.checksum(name)?) }))
	}

	/// The addresses that fetched the file `name`, from the server's log
	/// (`10.x.y.z - - [date] "GET /name HTTP/1.1" 200 -`).
	fn clients_of(&self, name: &str) -> Result<Vec<String>> {
		let request = format!("\"GET /{name} ");
		let mut clients: Vec<String> = self
			.server
			.current_run_log()?
			.lines()
			.filter(|line| line.contains(&request) && line.contains("\" 200 "))
			.filter_map(|line| line.split_whitespace().next().map(str::to_string))
			.collect();
		clients.sort();
		clients.dedup();
		Ok(clients)
	}
}

/// What the requester buys, and the `ect` commands it runs on its host.
struct Market<'a> {
	requester: &'a Host,
	url: &'a str,
	app: u32,
	dataset: u32,
	pool: u32,
}

impl Market<'_> {
	/// `ect request` from the requester's host: one task of the app on the
	/// dataset in the pool, with `params`; returns its deal and task.
	async fn request(&self, params: &serde_json::Value) -> Result<(H256, H256)> {
		self.request_with(params, &[]).await
	}

	/// [`Self::request`] with `extra` arguments.
	async fn request_with(&self, params: &serde_json::Value, extra: &[&str]) -> Result<(H256, H256)> {
		let (app, dataset, pool, category, trust) =
			(self.app.to_string(), self.dataset.to_string(), self.pool.to_string(), CATEGORY.to_string(), TRUST.to_string());
		let params = params.to_string();
		let args = [
			"--url", self.url, "--key", REQUESTER, "--json", "request", "--app", &app, "--dataset", &dataset, "--pool", &pool,
			"--category", &category, "--trust", &trust, "--app-max-price", "1ect", "--dataset-max-price", "1ect",
			"--pool-max-price", "10ect", "--params", &params,
		];
		let args = [&args[..], extra].concat();
		let made = self.requester.ect(&args, CLI).await?.ok()?.json()?;
		let deal = &made["deals"][0];
		let hash = |value: &serde_json::Value| -> Result<H256> {
			let text = value.as_str().ok_or_else(|| anyhow!("no deal matched: {made}"))?;
			Ok(H256(hex::decode(text.trim_start_matches("0x"))?.try_into().map_err(|_| anyhow!("not a hash: {text}"))?))
		};
		Ok((hash(&deal["deal"])?, hash(&deal["tasks"][0])?))
	}

	/// `ect --json task result TASK <extra>` on the requester's host.
	async fn result(&self, task: H256, extra: &[&str]) -> Result<ect_e2e::CliOutput> {
		let task = format!("{task:?}");
		let args = [&["--url", self.url, "--json", "task", "result", &task][..], extra].concat();
		self.requester.ect(&args, CLI).await
	}
}

/// `ect scheduler` on the pool's host as the operator (never the owner),
/// its pool service and store on the host's address.
fn start_scheduler(host: &Host, url: &str, pool: u32) -> Result<Agent> {
	let args = [
		"--url", url, "--key", OPERATOR, "scheduler", "--pool", &pool.to_string(),
		"--listen", &host.socket(POOL_PORT).to_string(), "--store-listen", &host.socket(STORE_PORT).to_string(),
		"--store-url", &host.url("http", STORE_PORT), "--state-dir", &path(&host.path("state")),
		"--metrics", &host.socket(METRICS_PORT).to_string(),
	];
	host.start_ect("scheduler", &args.map(String::from))
}

/// `ect worker` as `key` on `host`, for the pool whose scheduler is on
/// `pool_host`.
fn start_worker(host: &Host, url: &str, key: &str, pool: u32, pool_host: &Host) -> Result<Agent> {
	let args = [
		"--url", url, "--key", key, "worker", "--pool", &pool.to_string(),
		"--scheduler", &pool_host.url("ws", POOL_PORT), "--state-dir", &path(&host.path("state")),
	];
	host.start_ect("worker", &args.map(String::from))
}

/// A path as an argument.
fn path(path: &Path) -> String {
	path.display().to_string()
}

/// Whether `needle` occurs in `bytes`.
fn contains(bytes: &[u8], needle: &[u8]) -> bool {
	bytes.windows(needle.len()).any(|window| window == needle)
}

/// A process's arguments, NUL-separated (`/proc/<pid>/cmdline`).
fn command_line(pid: u32) -> Result<String> {
	let bytes = std::fs::read(format!("/proc/{pid}/cmdline")).with_context(|| format!("process {pid}"))?;
	Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `text` without the operator's key, which names the owner's as its parent
/// (`//Charlie//pool-operator`): what is left must not name the owner.
fn without_operator(text: &str) -> String {
	text.replace(OPERATOR, "")
}

/// Every file under `dir`, with its bytes.
fn files_under(dir: &Path) -> Result<Vec<(std::path::PathBuf, Vec<u8>)>> {
	let mut files = Vec::new();
	let mut pending = vec![dir.to_path_buf()];
	while let Some(dir) = pending.pop() {
		for entry in std::fs::read_dir(&dir).with_context(|| format!("read {}", dir.display()))? {
			let entry = entry?;
			let kind = entry.file_type()?;
			if kind.is_dir() {
				pending.push(entry.path());
			} else if kind.is_file() {
				// A file may vanish while a party runs (a state file renamed).
				if let Ok(bytes) = std::fs::read(entry.path()) {
					files.push((entry.path(), bytes));
				}
			}
		}
	}
	Ok(files)
}
