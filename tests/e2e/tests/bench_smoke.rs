//! `ect bench` on a real dev node, briefly: the throughput benchmark of
//! `scripts/bench-throughput.sh` still sets up its market, funds its
//! workers (`ect worker`'s code, in its process), gets tasks certified at
//! trust 1 and at trust 5, and reports them, with nothing refused on chain.
//! (The figures themselves are the benchmark's business, not this test's.)

use std::time::Duration;

use anyhow::{ensure, Result};
use ect_e2e::{cli, with_timeout, Node, WorkDir};

const LIMIT: Duration = Duration::from_secs(240);

#[tokio::test(flavor = "multi_thread")]
async fn the_throughput_benchmark_certifies_and_reports() -> Result<()> {
	let work = WorkDir::new("bench-smoke");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let url = node.ws_url();
		for trust in ["1", "5"] {
			let args = [
				"--url", &url, "--json", "bench", "--workers", "30", "--trust", trust, "--rate", "3", "--warmup", "4",
				"--duration", "12", "--drain", "40", "--group", "2",
			];
			let report = cli(&args, Duration::from_secs(100)).await?.ok()?.json()?;
			let number = |field: &str| report[field].as_f64().unwrap_or(-1.0);
			ensure!(number("certified") >= 1.0 && number("tasks_per_sec") > 0.0, "trust {trust}: {report}");
			ensure!(number("requested") >= 1.0 && number("unfinished") == 0.0, "trust {trust}: every task certified: {report}");
			ensure!(number("p95_ms") >= number("p50_ms") && number("p50_ms") > 0.0, "trust {trust}: latencies: {report}");
			ensure!(report["refused"].as_array().is_some_and(Vec::is_empty), "trust {trust}: nothing refused: {report}");
			ensure!(number("failed_extrinsics") == 0.0 && number("pool_refusals") == 0.0, "trust {trust}: {report}");
		}
		Ok(())
	})
	.await;
	work.conclude(result)
}
