//! The shipped multi-validator network, `--chain local` (Alice, Bob, Charlie
//! and Dave), on loopback: it produces and finalizes blocks, keeps
//! finalizing with one validator killed with SIGKILL (GRANDPA needs votes
//! from more than two thirds of the voters: 3 of 4), and the killed
//! validator, started again on the same base path, catches up.

use std::time::Duration;

use anyhow::Result;
use ect_e2e::{
	validators::{all_finalize, restart_and_catch_up, start_validators},
	with_timeout, Node, WorkDir,
};

const LIMIT: Duration = Duration::from_secs(300);
const STEP: Duration = Duration::from_secs(90);

#[tokio::test(flavor = "multi_thread")]
async fn four_validators_keep_finalizing_without_one() -> Result<()> {
	let work = WorkDir::new("local4");
	let mut nodes = start_validators(&work, "local", &["alice", "bob", "charlie", "dave"])?;
	let result = with_timeout(LIMIT, async {
		let refs: Vec<&Node> = nodes.iter().collect();
		let watches = all_finalize(&refs, 3, STEP).await?;
		let before = watches.iter().map(|w| w.last).max().unwrap_or(3);

		// Dave crashes; the three others keep finalizing new blocks.
		nodes[3].kill();
		let survivors: Vec<&Node> = nodes[..3].iter().collect();
		all_finalize(&survivors, before + 4, STEP).await?;

		// Dave comes back on the same database and catches up.
		let (left, right) = nodes.split_at_mut(3);
		restart_and_catch_up(&mut right[0], &left[0], STEP).await?;
		Ok(())
	})
	.await;
	work.conclude(result)
}
