//! A single-validator dev chain (`ect-node --dev`): it finalizes blocks,
//! serves Prometheus metrics and metadata V15+, and a signed transfer submitted
//! over RPC is finalized and moves exactly the expected balances.

use std::time::Duration;

use anyhow::{anyhow, ensure, Result};
use codec::{Decode, Encode};
use ect_client::{
	runtime::{BalancesCall, RuntimeCall, RuntimeEvent, UNIT},
	storage,
	submit::{submit_and_wait, TxStage},
	ChainInfo, Mortality, Signer,
};
use ect_e2e::{http_get, with_timeout, FinalityWatch, Node, WorkDir};
use polkadot_sdk::{frame_system, pallet_balances, pallet_transaction_payment, sp_keyring::Sr25519Keyring};

const LIMIT: Duration = Duration::from_secs(120);

#[tokio::test(flavor = "multi_thread")]
async fn dev_chain_finalizes_blocks_and_serves_metrics_and_metadata() -> Result<()> {
	let work = WorkDir::new("dev-finality");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let rpc = node.rpc().await?;
		let mut finality = FinalityWatch::new(&rpc).await?;
		let last = finality.until(3, Duration::from_secs(60)).await?;
		ensure!(last >= 3, "finalized #{last}");

		// Prometheus is refreshed on a timer, not per block: scrape again after
		// each newly finalized block until it shows #3.
		let port = node.config().prometheus_port;
		loop {
			let finalized = finalized_height_metric(&http_get(port, "/metrics").await?)?;
			if finalized >= 3.0 {
				break;
			}
			finality.advance(1, Duration::from_secs(30)).await?;
		}

		// Metadata V15 and newer, through the runtime API clients use.
		let versions = rpc.state_call("Metadata_metadata_versions", &[], None).await?;
		let versions = Vec::<u32>::decode(&mut &versions[..])?;
		ensure!(versions.contains(&15) && versions.contains(&16), "metadata versions {versions:?}");
		let v15 = rpc.state_call("Metadata_metadata_at_version", &15u32.encode(), None).await?;
		let v15 = Option::<Vec<u8>>::decode(&mut &v15[..])?
			.ok_or_else(|| anyhow!("no metadata V15"))?;
		// `meta` magic, then the version byte.
		ensure!(v15.get(..5) == Some(&[0x6d, 0x65, 0x74, 0x61, 15][..]), "not V15 metadata");
		Ok(())
	})
	.await;
	work.conclude(result)
}

#[tokio::test(flavor = "multi_thread")]
async fn signed_transfer_is_finalized_and_moves_balances() -> Result<()> {
	let work = WorkDir::new("dev-transfer");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let rpc = node.rpc().await?;
		FinalityWatch::new(&rpc).await?.until(1, Duration::from_secs(60)).await?;

		// Bob pays Charlie; Alice, the dev chain's only validator, authors the block and
		// earns its fee.
		let bob = Signer::from_uri("//Bob").map_err(|e| anyhow!(e))?;
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let author = Sr25519Keyring::Alice.to_account_id();
		let finalized = rpc.finalized_head().await?;
		let checkpoint = rpc.header(Some(finalized)).await?;
		let bob_before = storage::account(&rpc, &bob.account(), Some(finalized)).await?;
		let charlie_before = storage::account(&rpc, &charlie, Some(finalized)).await?;

		let amount = 42 * UNIT;
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: charlie.clone().into(),
			value: amount,
		});
		let chain = ChainInfo::fetch(&rpc).await?;
		let nonce = rpc.next_nonce(&bob.account()).await?;
		let mortality =
			Mortality::Mortal { period: 64, number: checkpoint.number, hash: finalized };
		let extrinsic = bob.sign(call, nonce, 0, mortality, &chain).encode();
		let outcome = submit_and_wait(&rpc, &extrinsic, TxStage::Finalized).await?;
		ensure!(outcome.finalized);

		// The block's events say what happened: one transfer and its fee.
		let events = storage::events(&rpc, outcome.block).await?;
		let transferred = events.iter().any(|record| {
			record.event ==
				RuntimeEvent::Balances(pallet_balances::Event::Transfer {
					from: bob.account(),
					to: charlie.clone(),
					amount,
				})
		});
		ensure!(transferred, "no Transfer event in {events:?}");
		let fee = events
			.iter()
			.find_map(|record| match &record.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid { who, actual_fee, tip },
				) if *who == bob.account() && *tip == 0 => Some(*actual_fee),
				_ => None,
			})
			.ok_or_else(|| anyhow!("no TransactionFeePaid event in {events:?}"))?;
		ensure!(fee > 0, "a transfer is not free");
		let succeeded = events.iter().any(|record| {
			matches!(record.event, RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }))
		});
		ensure!(succeeded, "no ExtrinsicSuccess event");

		// And the balances moved by exactly that: the fee went to the block's author.
		let parent = rpc.header(Some(outcome.block)).await?.parent_hash;
		let author_before = storage::account(&rpc, &author, Some(parent)).await?;
		let author_after = storage::account(&rpc, &author, Some(outcome.block)).await?;
		let bob_after = storage::account(&rpc, &bob.account(), Some(outcome.block)).await?;
		let charlie_after = storage::account(&rpc, &charlie, Some(outcome.block)).await?;
		ensure!(
			charlie_after.data.free == charlie_before.data.free + amount,
			"Charlie: {charlie_before:?} -> {charlie_after:?}"
		);
		ensure!(
			bob_before.data.free - bob_after.data.free == amount + fee,
			"Bob paid {} for a transfer of {amount} with fee {fee}",
			bob_before.data.free - bob_after.data.free
		);
		ensure!(
			author_after.data.free == author_before.data.free + fee,
			"the author (Alice) earned {} in the block, not the fee {fee}",
			author_after.data.free.saturating_sub(author_before.data.free)
		);
		ensure!(bob_after.nonce == bob_before.nonce + 1, "Bob's nonce did not move by one");
		Ok(())
	})
	.await;
	work.conclude(result)
}

/// The `substrate_block_height{status="finalized"}` value of a scrape.
fn finalized_height_metric(metrics: &str) -> Result<f64> {
	let line = metrics
		.lines()
		.find(|l| l.starts_with("substrate_block_height{status=\"finalized\""))
		.ok_or_else(|| anyhow!("no finalized block height metric in:\n{metrics}"))?;
	Ok(line.rsplit(' ').next().unwrap_or("").parse()?)
}

