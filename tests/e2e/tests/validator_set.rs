//! The validator set changes on a running network, by council motion, with
//! no restart (`protocol.md` §11, `docs/validators.md`):
//!
//! 1. `--chain local` runs its four validators on loopback; a fifth node
//!    (Eve), started with no keys, syncs;
//! 2. Eve registers session keys made by her node with `ect validator
//!    set-keys`; Alice proposes adding her (`ect council propose
//!    add-validator`), Bob votes, the motion is closed (`ect council vote`,
//!    `close`): two thirds of the council;
//! 3. from a later session on, Eve authors blocks, and she votes: with
//!    Charlie killed, 4 of the 5 voters finalize, which they could not
//!    without her;
//! 4. a motion (sent through the client library) removes Charlie, and the
//!    four left keep finalizing; Charlie then takes back his keys' deposit
//!    (`ect validator purge-keys`), which Dave, still a validator, cannot.

use std::time::Duration;

use anyhow::{anyhow, ensure, Result};
use codec::Decode;
use ect_client::runtime::{Runtime, SessionKeys};
use ect_e2e::{
	cli, cli_json, cloud, council, json_text,
	validators::{aura_author, grandpa_voters, start_validator, start_validators, until_head},
	with_timeout, FinalityWatch, WorkDir,
};
use ect_runtime::polkadot_sdk::{pallet_session, sp_keyring::Ed25519Keyring};

const LIMIT: Duration = Duration::from_secs(480);
/// Two sessions of 10 blocks of 2 s, with room: the time a set change takes.
const SET_CHANGE: Duration = Duration::from_secs(120);
const STEP: Duration = Duration::from_secs(90);

/// How long one `ect` command may take.
const CLI: Duration = Duration::from_secs(60);

/// The bytes of `0x`-hex text.
fn hex(text: &str) -> Result<Vec<u8>> {
	hex::decode(text.trim_start_matches("0x")).map_err(|e| anyhow!("{text}: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fifth_validator_joins_and_a_fourth_leaves_by_council_motions() -> Result<()> {
	let work = WorkDir::new("validator-set");
	let mut nodes = start_validators(&work, "local", &["alice", "bob", "charlie", "dave"])?;
	let eve_node = start_validator(&work, "local", "eve", 4, false, nodes.first())?;
	let result = with_timeout(LIMIT, async {
		let alice_rpc = nodes[0].rpc().await?;
		FinalityWatch::new(&alice_rpc).await?.until(2, STEP).await?;
		let best = alice_rpc.header(None).await?.number;
		let eve_rpc = eve_node.rpc().await?;
		ect_e2e::wait::best_at_least(&eve_rpc, best, STEP).await?;

		// Eve's node makes her session keys; she registers them.
		let registered = cli_json(&eve_node.ws_url(), &["--key", "//Eve", "validator", "set-keys"], CLI).await?;
		let keys = SessionKeys::decode(&mut &hex(json_text(&registered, "/keys")?)?[..])?;
		let eve = cloud::account("//Eve")?;
		let queued: Option<SessionKeys> = eve_rpc
			.value("Session.NextKeys", &pallet_session::NextKeys::<Runtime>::hashed_key_for(&eve))
			.await?;
		ensure!(queued.as_ref() == Some(&keys), "Eve's registered keys: {queued:?}");

		// Two thirds of the council add her: Alice proposes (and votes), Bob
		// votes, Alice closes.
		let alice_url = nodes[0].ws_url();
		let proposed =
			cli_json(&alice_url, &["--key", "//Alice", "council", "propose", "add-validator", "//Eve"], CLI).await?;
		let motion = json_text(&proposed, "/motion")?.to_string();
		cli_json(&nodes[1].ws_url(), &["--key", "//Bob", "council", "vote", &motion], CLI).await?;
		let closed = cli_json(&alice_url, &["--key", "//Alice", "council", "close", &motion], CLI).await?;
		ensure!(json_text(&closed, "/executed")? == "ok", "the motion: {closed}");
		let listed = cli_json(&alice_url, &["validator", "list"], CLI).await?;
		ensure!(listed["change_pending"] == true, "the change is pending: {listed}");

		// From the session after next, she authors...
		let authored = until_head(&alice_rpc, false, SET_CHANGE, |header| {
			let (rpc, aura) = (&alice_rpc, keys.aura.clone());
			async move { Ok(aura_author(rpc, &header).await? == aura) }
		})
		.await?;
		println!("Eve authored block #{authored}");
		// ...and is a GRANDPA voter once that change is finalized.
		until_head(&alice_rpc, true, SET_CHANGE, |header| {
			let (rpc, grandpa) = (&alice_rpc, keys.grandpa.clone());
			async move { Ok(grandpa_voters(rpc, header.hash()).await?.contains(&grandpa)) }
		})
		.await?;

		// Charlie dies: finality needs 4 of the 5 voters, so Eve votes for
		// the blocks authored after his death.
		nodes[2].kill();
		let best = alice_rpc.header(None).await?.number;
		let mut finality = FinalityWatch::new(&alice_rpc).await?;
		let finalized = finality.until(best + 3, STEP).await?;
		println!("4 of 5 voters (Eve among them) finalized #{finalized}");

		// A motion removes Charlie; the four left keep finalizing without him.
		let alice = cloud::sender(&alice_url, "//Alice").await?;
		let bob = cloud::sender(&nodes[1].ws_url(), "//Bob").await?;
		let remove = pallet_ect_validators::Call::<Runtime>::remove_validator {
			who: cloud::account("//Charlie")?,
		};
		council::pass(&[&alice, &bob], remove).await?;
		let charlie = Ed25519Keyring::Charlie.public().into();
		let changed = until_head(&alice_rpc, true, SET_CHANGE, |header| {
			let (rpc, charlie) = (&alice_rpc, &charlie);
			async move {
				let voters = grandpa_voters(rpc, header.hash()).await?;
				Ok(voters.len() == 4 && !voters.contains(charlie))
			}
		})
		.await?;
		let mut finality = FinalityWatch::new(&alice_rpc).await?;
		let last = finality.until(changed + 3, STEP).await?;
		ensure!(last > changed, "no finality after Charlie's removal");
		println!("without Charlie: finalized #{last}");

		// Dave, still a validator, cannot purge his keys; Charlie, gone from
		// every set, takes his deposit back.
		let refused = cli(&["--url", &alice_url, "--key", "//Dave", "validator", "purge-keys"], CLI).await?;
		ensure!(refused.code == 1 && refused.stderr.contains("still a validator"), "Dave's purge: {refused:?}");
		until_head(&alice_rpc, false, SET_CHANGE, |_| {
			let url = alice_url.clone();
			async move {
				let listed = cli_json(&url, &["validator", "list"], CLI).await?;
				Ok(listed["change_pending"] == false)
			}
		})
		.await?;
		cli_json(&alice_url, &["--key", "//Charlie", "validator", "purge-keys"], CLI).await?;
		Ok(())
	})
	.await;
	drop(eve_node);
	work.conclude(result)
}
