//! A single-validator dev chain (`ect-node --dev`): it finalizes blocks, a
//! signed transfer submitted over RPC is finalized and moves exactly the
//! expected balances, and Prometheus metrics are served.

use std::time::Duration;

use anyhow::{anyhow, ensure, Result};
use ect_client::{
	runtime::{BalancesCall, RuntimeCall, RuntimeEvent, UNIT},
	storage,
	submit::{submit_and_wait, TxStage},
	ChainInfo, Mortality, Signer,
};
use ect_e2e::{with_timeout, FinalityWatch, Node, NodeConfig, WorkDir};
use polkadot_sdk::{frame_system, pallet_balances, pallet_transaction_payment, sp_keyring::Sr25519Keyring};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const LIMIT: Duration = Duration::from_secs(120);

fn dev_node(work: &WorkDir) -> Result<Node> {
	Node::start(NodeConfig::new("dev", "--dev", work.path()), work.path())
}

#[tokio::test(flavor = "multi_thread")]
async fn dev_chain_finalizes_blocks_and_serves_metrics() -> Result<()> {
	let work = WorkDir::new("dev-finality");
	let node = dev_node(&work)?;
	with_timeout(LIMIT, async {
		let rpc = node.rpc().await?;
		let mut finality = FinalityWatch::new(&rpc).await?;
		let last = finality.until(3, Duration::from_secs(60)).await?;
		ensure!(last >= 3, "finalized #{last}");

		let metrics = http_get(node.config().prometheus_port, "/metrics").await?;
		let finalized_metric = metrics
			.lines()
			.find(|l| l.starts_with("substrate_block_height{status=\"finalized\""))
			.ok_or_else(|| anyhow!("no finalized block height metric in:\n{metrics}"))?;
		let value: f64 = finalized_metric.rsplit(' ').next().unwrap_or("").parse()?;
		ensure!(value >= 3.0, "metric says finalized #{value}");
		Ok(())
	})
	.await
}

#[tokio::test(flavor = "multi_thread")]
async fn signed_transfer_is_finalized_and_moves_balances() -> Result<()> {
	let work = WorkDir::new("dev-transfer");
	let node = dev_node(&work)?;
	with_timeout(LIMIT, async {
		let rpc = node.rpc().await?;
		FinalityWatch::new(&rpc).await?.until(1, Duration::from_secs(60)).await?;

		let alice = Signer::from_uri("//Alice").map_err(|e| anyhow!(e))?;
		let bob = Sr25519Keyring::Bob.to_account_id();
		let finalized = rpc.finalized_head().await?;
		let checkpoint = rpc.header(Some(finalized)).await?;
		let alice_before = storage::account(&rpc, &alice.account(), Some(finalized)).await?;
		let bob_before = storage::account(&rpc, &bob, Some(finalized)).await?;

		let amount = 42 * UNIT;
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: bob.clone().into(),
			value: amount,
		});
		let chain = ChainInfo::fetch(&rpc).await?;
		let nonce = rpc.next_nonce(&alice.account()).await?;
		let mortality =
			Mortality::Mortal { period: 64, number: checkpoint.number, hash: finalized };
		let extrinsic = alice.sign_encoded(call, nonce, 0, mortality, &chain);
		let outcome = submit_and_wait(&rpc, &extrinsic, TxStage::Finalized).await?;
		ensure!(outcome.finalized);

		// The block's events say what happened: one transfer and its fee.
		let events = storage::events(&rpc, outcome.block).await?;
		let transferred = events.iter().any(|record| {
			record.event ==
				RuntimeEvent::Balances(pallet_balances::Event::Transfer {
					from: alice.account(),
					to: bob.clone(),
					amount,
				})
		});
		ensure!(transferred, "no Transfer event in {events:?}");
		let fee = events
			.iter()
			.find_map(|record| match &record.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid { who, actual_fee, tip },
				) if *who == alice.account() && *tip == 0 => Some(*actual_fee),
				_ => None,
			})
			.ok_or_else(|| anyhow!("no TransactionFeePaid event in {events:?}"))?;
		ensure!(fee > 0, "a transfer is not free");
		let succeeded = events.iter().any(|record| {
			matches!(record.event, RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }))
		});
		ensure!(succeeded, "no ExtrinsicSuccess event");

		// And the balances moved by exactly that.
		let alice_after = storage::account(&rpc, &alice.account(), Some(outcome.block)).await?;
		let bob_after = storage::account(&rpc, &bob, Some(outcome.block)).await?;
		ensure!(bob_after.data.free == bob_before.data.free + amount, "Bob: {bob_before:?} -> {bob_after:?}");
		ensure!(
			alice_before.data.free - alice_after.data.free == amount + fee,
			"Alice paid {} for a transfer of {amount} with fee {fee}",
			alice_before.data.free - alice_after.data.free
		);
		ensure!(alice_after.nonce == alice_before.nonce + 1, "Alice's nonce did not move by one");
		Ok(())
	})
	.await
}

/// A plain HTTP GET on loopback, returning the body.
async fn http_get(port: u16, path: &str) -> Result<String> {
	let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
	let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
	stream.write_all(request.as_bytes()).await?;
	let mut response = String::new();
	stream.read_to_string(&mut response).await?;
	let (head, body) =
		response.split_once("\r\n\r\n").ok_or_else(|| anyhow!("malformed HTTP response"))?;
	ensure!(head.starts_with("HTTP/1.1 200"), "GET {path}: {head}");
	Ok(body.to_string())
}
