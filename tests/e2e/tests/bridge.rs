//! The Ethereum bridge end to end, on loopback: anvil (a real Ethereum
//! node) with the bridge contract and the example dapp, a dev sidechain
//! with a workerpool, and three `ect relayer` processes (threshold 2 of 3 on
//! both chains).
//!
//! - A dapp pays for a task on Ethereum; it is computed and certified on the
//!   sidechain; the dapp's `receiveResult` gets the certified bytes and the
//!   unspent payment comes back. A relayer is killed and restarted in the
//!   middle; nothing executes twice on either chain.
//! - Forged and replayed messages are refused on both chains; the relayer
//!   set changes only by the relayers' own threshold (`ect bridge
//!   propose-relayers`), not by the contract's deployer.
//! - A bridged task that nobody computes is claimed past its deadline and
//!   the payer is refunded on Ethereum.

use std::time::Duration;

use alloy::{
	primitives::{Address, Bytes, FixedBytes, U256},
	providers::{DynProvider, Provider},
	rpc::types::Filter,
	sol_types::SolEvent,
};
use anyhow::{anyhow, ensure, Result};
use ect_client::{
	runtime::{Balance, Runtime, RuntimeEvent, UNIT},
	Signer,
};
use ect_e2e::{
	cli,
	cloud::{self, HashMarket},
	cli_json,
	ethereum::{Anvil, KEYS},
	events, json_text, with_timeout, Agent, Node, WorkDir,
};
use ect_relayer::contracts::{EctBridge, ExampleDapp};
use pallet_ect_bridge::{InboundBody, InboundEventOf, InboundStatus, MessageProof};
use polkadot_sdk::{
	frame_support::BoundedVec,
	sp_core::{H160, H256},
	sp_crypto_hashing::sha2_256,
};

const LIMIT: Duration = Duration::from_secs(420);
const STEP: Duration = Duration::from_secs(120);
const POOL_PRICE: Balance = 10 * UNIT;
const APP_PRICE: Balance = UNIT;
/// Category S of the genesis presets (T = 1 200 s): no deadline is near.
const CATEGORY: u32 = 1;
/// Ether per sidechain unit.
const WEI_PER_UNIT: u128 = 1_000_000;
/// What the dapp pays for a task, in wei: the app (1 unit), the pool (10),
/// and one for the order deposit and the request account's existential deposit.
const PAID: u128 = 12 * UNIT * WEI_PER_UNIT;
/// The relayers' sidechain keys (funded in the dev genesis).
const RELAYERS: [&str; 3] = ["//Eve", "//Ferdie", "//Alice//stash"];

/// Both chains, the contracts and the relayer set, without relayer processes.
struct Bridge {
	anvil: Anvil,
	node: Node,
	market: HashMarket,
	bridge: Address,
	dapp: Address,
}

impl Bridge {
	async fn open(work: &WorkDir) -> Result<Self> {
		let anvil = Anvil::start(work)?;
		let node = Node::dev(work)?;
		let market = HashMarket::open(&node.ws_url(), CATEGORY, APP_PRICE, POOL_PRICE).await?;
		let relayers = RELAYERS.iter().map(|k| key(k).map(|s| s.account())).collect::<Result<Vec<_>>>()?;
		let set = pallet_ect_bridge::Call::<Runtime>::set_relayers { relayers: BoundedVec::truncate_from(relayers), threshold: 2 };
		cloud::sudo(&market.alice, set).await?;
		let bridge = anvil.deploy_bridge(&[1, 2, 3], 2).await?;
		let dapp = anvil.deploy_dapp(bridge).await?;
		Ok(Self { anvil, node, market, bridge, dapp })
	}

	/// Starts relayer `i` (0..3): sidechain key `RELAYERS[i]`, anvil account
	/// `i + 1`, metrics on `metrics_port`.
	fn relayer(&self, work: &WorkDir, i: usize, metrics_port: u16) -> Result<Agent> {
		let name = format!("relayer{}", i + 1);
		let args = [
			"--url".into(), self.node.ws_url(), "--key".into(), RELAYERS[i].into(), "relayer".into(),
			"--eth-url".into(), self.anvil.url.clone(), "--bridge".into(), self.bridge.to_string(),
			"--eth-key".into(), ect_e2e::ethereum::KEYS[i + 1].into(), "--confirmations".into(), "2".into(),
			"--state".into(), work.path().join(&name).join("progress.json").display().to_string(),
			"--poll-ms".into(), "500".into(), "--metrics".into(), format!("127.0.0.1:{metrics_port}"),
		];
		Agent::start(&name, &args, work.path())
	}

	/// Starts the three relayers; returns them and their metrics ports.
	fn relayers(&self, work: &WorkDir) -> Result<(Vec<Agent>, Vec<u16>)> {
		let ports: Vec<u16> = (0..3).map(|_| ect_e2e::node::free_port()).collect();
		let relayers = (0..3).map(|i| self.relayer(work, i, ports[i])).collect::<Result<Vec<_>>>()?;
		Ok((relayers, ports))
	}

	fn contract(&self, account: usize) -> Result<EctBridge::EctBridgeInstance<DynProvider>> {
		Ok(EctBridge::new(self.bridge, self.anvil.provider(account)?))
	}

	fn dapp(&self) -> Result<ExampleDapp::ExampleDappInstance<DynProvider>> {
		Ok(ExampleDapp::new(self.dapp, self.anvil.provider(0)?))
	}

	/// The dapp requests one hash task of `input`, paying `wei`.
	async fn request(&self, category: u32, input: &str, wei: u128) -> Result<()> {
		let params = Bytes::from(format!(r#"{{"input": "{input}"}}"#).into_bytes());
		let dapp = self.dapp()?;
		let call = dapp.request(self.market.app, category, 1, APP_PRICE, POOL_PRICE, params).value(U256::from(wei));
		let receipt = call.send().await?.get_receipt().await?;
		ensure!(receipt.status(), "the dapp's request reverted");
		Ok(())
	}

	/// Every bridge log of `E` so far.
	async fn logs<E: SolEvent>(&self) -> Result<Vec<E>> {
		let filter = Filter::new().address(self.bridge).event_signature(E::SIGNATURE_HASH).from_block(0);
		let logs = self.anvil.provider(0)?.get_logs(&filter).await?;
		logs.iter().map(|l| Ok(E::decode_log(&l.inner)?.data)).collect()
	}

	/// Waits until `check` holds on Ethereum (anvil mines every second).
	async fn until<F, Fut>(&self, what: &str, check: F) -> Result<()>
	where
		F: Fn() -> Fut,
		Fut: std::future::Future<Output = Result<bool>>,
	{
		let deadline = tokio::time::Instant::now() + STEP;
		let mut blocks = tokio::time::interval(Duration::from_millis(500));
		while tokio::time::Instant::now() < deadline {
			if check().await? {
				return Ok(());
			}
			blocks.tick().await;
		}
		Err(anyhow!("{what}: not within {STEP:?}"))
	}
}

/// `r` is a revert with the contract's error `name`.
fn reverts<R>(r: std::result::Result<R, alloy::contract::Error>, name: &str) -> Result<()> {
	match r {
		Err(e) if e.as_decoded_interface_error::<EctBridge::EctBridgeErrors>().is_some_and(|d| format!("{d:?}").contains(name)) =>
			Ok(()),
		Err(e) => Err(anyhow!("expected {name}, got {e:?}")),
		Ok(_) => Err(anyhow!("expected {name}, it went through")),
	}
}

fn key(uri: &str) -> Result<Signer> {
	Signer::from_uri(uri).map_err(anyhow::Error::msg)
}

fn inbound_executed(events: &[RuntimeEvent], nonce: u64) -> usize {
	events
		.iter()
		.filter(|e| matches!(e, RuntimeEvent::Bridge(pallet_ect_bridge::Event::InboundExecuted { nonce: n, .. }) if *n == nonce))
		.count()
}

#[tokio::test(flavor = "multi_thread")]
async fn dapp_buys_a_task_on_ethereum_and_gets_the_certified_result() -> Result<()> {
	let work = WorkDir::new("bridge-round-trip");
	let result = with_timeout(LIMIT, async {
		let bridge = Bridge::open(&work).await?;
		let url = bridge.node.ws_url();
		let rpc = bridge.node.rpc().await?;
		let (_scheduler, port) = Agent::scheduler(&work, &url, cloud::OPERATOR, bridge.market.pool)?;
		let _worker = Agent::worker(&work, &url, "//Bob", bridge.market.pool, port, false)?;
		let (mut relayers, ports) = bridge.relayers(&work)?;
		let first_block = events::best_number(&rpc).await?;

		bridge.request(CATEGORY, "bridged", PAID).await?;

		// Relayer 1 handles the request (its vote lands, or the other two
		// executed it first: all three race), then crashes; the others carry on.
		relayers[0].wait_for_log("inbound 1:", STEP)?;
		relayers[0].kill();
		let dapp = bridge.dapp()?;
		bridge.until("the callback", || async { Ok(dapp.resultCount().call().await? == U256::from(1)) }).await?;

		// Relayer 1 comes back: it catches up and repeats nothing.
		relayers[0].restart()?;
		relayers[0].wait_for_log("from Ethereum block", STEP)?;
		let task = dapp.lastTask().call().await?;
		let data = dapp.results(task).call().await?;
		ensure!(data.as_ref() == sha2_256(b"bridged"), "the callback got the certified digest: {data}");
		// The unspent unit came back to the payer (the dapp).
		let refunded = dapp.refunded().call().await?;
		ensure!(refunded == U256::from(UNIT * WEI_PER_UNIT), "one unit back, got {refunded}");

		// One more round trip after the restart, then count executions.
		bridge.request(CATEGORY, "again", PAID).await?;
		bridge.until("the second callback", || async { Ok(dapp.resultCount().call().await? == U256::from(2)) }).await?;
		relayers[0].wait_for_log("inbound 2:", STEP)?;
		let all = events::since(&rpc, first_block).await?;
		ensure!(inbound_executed(&all, 1) == 1 && inbound_executed(&all, 2) == 1, "each request executed once");
		let executed = bridge.logs::<EctBridge::MessageExecuted>().await?;
		let mut nonces: Vec<u64> = executed.iter().map(|e| e.nonce).collect();
		nonces.sort();
		ensure!(nonces == vec![1, 2], "each message executed once on Ethereum: {nonces:?}");
		let delivered = bridge.logs::<EctBridge::ResultDelivered>().await?;
		ensure!(delivered.len() == 2 && delivered.iter().all(|d| d.callbackOk), "two callbacks: {delivered:?}");

		// What relayer 2 did, as it exposes it: it handled both requests
		// (attested each, or found it executed by the others first).
		let text = ect_e2e::http_get(ports[1], "/metrics").await?;
		let value = |name: &str| -> Result<u64> {
			let line = text.lines().find(|l| l.starts_with(&format!("{name} "))).ok_or_else(|| anyhow!("no {name} in {text}"))?;
			Ok(line[name.len() + 1..].trim().parse()?)
		};
		let handled = value("ect_relayer_attested_total")? + value("ect_relayer_attest_skipped_total")?;
		ensure!(handled >= 2, "relayer 2 handled both requests: {text}");
		ensure!(value("ect_relayer_eth_next_block")? > 0, "relayer 2's progress: {text}");
		Ok(())
	})
	.await;
	work.conclude(result)
}

#[tokio::test(flavor = "multi_thread")]
async fn forged_and_replayed_messages_are_refused_on_both_chains() -> Result<()> {
	let work = WorkDir::new("bridge-forgery");
	let result = with_timeout(LIMIT, async {
		let bridge = Bridge::open(&work).await?;
		let url = bridge.node.ws_url();
		let rpc = bridge.node.rpc().await?;
		let _relayers = bridge.relayers(&work)?;

		// A real deposit to Dave, relayed; then Dave withdraws half of it;
		// both with the CLI (`ect bridge deposit`, `ect bridge withdraw`).
		let dave = bridge.market.dave.account();
		let contract = format!("{:?}", bridge.bridge);
		let deposit = ["bridge", "deposit", "--eth-url", &bridge.anvil.url, "--bridge", &contract, "--eth-key", KEYS[0], "//Dave", "4ect"];
		let deposited = cli_json(&url, &deposit, STEP).await?;
		ensure!(json_text(&deposited, "/wei")? == (4 * UNIT * WEI_PER_UNIT).to_string(), "the ether paid: {deposited}");
		ensure!(deposited.pointer("/nonce").and_then(serde_json::Value::as_u64) == Some(1), "the first deposit: {deposited}");
		let executed = || async { Ok(rpc.call::<InboundStatus>("BridgeApi_inbound_status", (1u64, dave.clone())).await? == InboundStatus::Executed) };
		bridge.until("the deposit's execution", executed).await?;
		let recipient = Address::repeat_byte(0x42);
		let to = format!("{recipient:?}");
		let withdrawn = cli_json(&url, &["--key", "//Dave", "bridge", "withdraw", &to, "2ect"], STEP).await?;
		ensure!(json_text(&withdrawn, "/recipient")? == to, "the withdrawal's recipient: {withdrawn}");
		let provider = bridge.anvil.provider(0)?;
		bridge.until("the withdrawal on Ethereum", || async { Ok(provider.get_balance(recipient).await? == U256::from(2 * UNIT * WEI_PER_UNIT)) }).await?;

		// Sidechain: a non-relayer's attestation, a replay of the executed
		// deposit, and a forged deposit below the threshold.
		let eve = cloud::sender(&url, RELAYERS[0]).await?;
		let forged = |nonce: u64| InboundEventOf::<Runtime> {
			nonce,
			eth_block: 1,
			block_hash: H256::repeat_byte(7),
			log_index: 0,
			body: InboundBody::Deposit { sender: H160::repeat_byte(1), account: dave.clone(), amount: 1_000 * UNIT * WEI_PER_UNIT },
		};
		let refused = |result: Result<Vec<RuntimeEvent>>, name: &str| -> Result<()> {
			match result {
				Err(e) if format!("{e:#}").contains(name) => Ok(()),
				other => Err(anyhow!("expected {name}, got {other:?}")),
			}
		};
		refused(cloud::send(&bridge.market.dave, pallet_ect_bridge::Call::<Runtime>::attest { event: forged(9) }).await, "NotRelayer")?;
		refused(cloud::send(&eve, pallet_ect_bridge::Call::<Runtime>::attest { event: forged(1) }).await, "AlreadyExecuted")?;
		let before = ect_client::storage::account(&rpc, &dave, None).await?.data.free;
		cloud::send(&eve, pallet_ect_bridge::Call::<Runtime>::attest { event: forged(9) }).await?;
		let status: InboundStatus = rpc.call("BridgeApi_inbound_status", (9u64, eve.account())).await?;
		ensure!(status == InboundStatus::Voted, "one vote does not execute: {status:?}");
		let after = ect_client::storage::account(&rpc, &dave, None).await?.data.free;
		ensure!(after == before, "nothing minted below the threshold");

		// Ethereum: the executed withdrawal replayed, a tampered message, a
		// root confirmed by one relayer only, a root from a non-relayer.
		let messages = bridge.logs::<EctBridge::MessageExecuted>().await?;
		let withdrawal = messages.iter().find(|m| m.kind == 2).ok_or_else(|| anyhow!("no executed withdrawal"))?;
		let block = u32::try_from(withdrawal.sideBlock)?;
		let proof: MessageProof = rpc.call::<Option<MessageProof>>("BridgeApi_message_proof", (block, withdrawal.nonce)).await?.ok_or_else(|| anyhow!("no proof"))?;
		let siblings: Vec<FixedBytes<32>> = proof.proof.iter().map(|h| FixedBytes(h.0)).collect();
		let contract = bridge.contract(1)?;
		let replay = contract.execute(withdrawal.sideBlock, Bytes::from(proof.message.clone()), siblings.clone()).call().await;
		reverts(replay, "AlreadyExecuted")?;
		let mut tampered = proof.message.clone();
		let amount_end = 6 * 32 - 1;
		tampered[amount_end] ^= 1;
		reverts(contract.execute(withdrawal.sideBlock, Bytes::from(tampered), siblings.clone()).call().await, "BadProof")?;
		let fake_block = 1_000_000u64;
		let fake_root = FixedBytes([9u8; 32]);
		ensure!(contract.confirmRoot(fake_block, fake_root).send().await?.get_receipt().await?.status(), "one confirmation");
		reverts(contract.execute(fake_block, Bytes::from(proof.message.clone()), vec![]).call().await, "RootNotAccepted")?;
		reverts(bridge.contract(0)?.confirmRoot(fake_block, fake_root).call().await, "NotRelayer")?;
		ensure!(bridge.contract(0)?.acceptedRoots(fake_block).call().await?.is_zero(), "the forged root is not accepted");

		// The relayer set: the deployer has no power over it; two of the
		// three relayers (the threshold) vote a new set in with the CLI.
		let bridge_address = format!("{:?}", bridge.bridge);
		let (first, second) = (format!("{:?}", Anvil::address(1)), format!("{:?}", Anvil::address(2)));
		let propose = |i: usize| -> Vec<String> {
			["--url", &url, "--json", "bridge", "propose-relayers", "--eth-url", &bridge.anvil.url, "--bridge", &bridge_address]
				.iter()
				.map(|a| a.to_string())
				.chain(["--eth-key".into(), KEYS[i].into(), "2".into(), first.clone(), second.clone()])
				.collect()
		};
		let deployer = propose(0);
		let refused = cli(&deployer.iter().map(String::as_str).collect::<Vec<_>>(), STEP).await?;
		ensure!(refused.code == 1 && refused.stderr.contains("is not a relayer"), "the deployer's vote: {refused:?}");
		for (i, epoch) in [(1, serde_json::Value::Null), (2, serde_json::json!(1))] {
			let voted = cli(&propose(i).iter().map(String::as_str).collect::<Vec<_>>(), STEP).await?.ok()?.json()?;
			ensure!(voted["epoch"] == epoch, "relayer {i}'s vote: {voted}");
		}
		ensure!(bridge.contract(0)?.epoch().call().await? == 1, "the new set's epoch");
		ensure!(!bridge.contract(0)?.isRelayer(Anvil::address(3)).call().await?, "relayer 3 left");
		Ok(())
	})
	.await;
	work.conclude(result)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bridged_task_past_its_deadline_is_refunded_on_ethereum() -> Result<()> {
	let work = WorkDir::new("bridge-deadline");
	let result = with_timeout(LIMIT, async {
		let bridge = Bridge::open(&work).await?;
		// A category of T = 2 s: the final deadline is 20 s after the deal.
		let short = cloud::create_category(&bridge.market.alice, 2, 1_000_000_000).await?;
		cloud::offer_pool(&bridge.market.charlie, bridge.market.pool, short, 1_000, POOL_PRICE).await?;
		let _relayers = bridge.relayers(&work)?;

		// No scheduler and no worker: nobody computes the task.
		bridge.request(short, "never computed", PAID).await?;
		let dapp = bridge.dapp()?;
		bridge.until("the refund", || async { Ok(dapp.refunded().call().await? == U256::from(PAID)) }).await?;
		ensure!(dapp.resultCount().call().await? == U256::ZERO, "no result");
		let refunds = bridge.logs::<EctBridge::Refunded>().await?;
		ensure!(refunds.len() == 1 && refunds[0].amount == PAID, "one full refund: {refunds:?}");
		Ok(())
	})
	.await;
	work.conclude(result)
}
