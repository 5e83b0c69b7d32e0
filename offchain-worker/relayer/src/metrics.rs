//! What the relayer did, as Prometheus counters served over HTTP (`GET /metrics`).

use std::sync::atomic::{AtomicU64, Ordering};
use tokio::net::TcpListener;

/// The relayer's counters and gauges.
#[derive(Debug, Default)]
pub struct Metrics {
	/// Inbound events attested (votes accepted by the sidechain).
	pub attested: AtomicU64,
	/// Inbound events skipped because already voted or executed.
	pub attest_skipped: AtomicU64,
	/// Outbound roots confirmed on Ethereum.
	pub roots_confirmed: AtomicU64,
	/// Outbound messages executed on Ethereum by this relayer.
	pub messages_executed: AtomicU64,
	/// Bridged tasks claimed past their deadline.
	pub claims: AtomicU64,
	/// Errors met (each retried at the next round).
	pub errors: AtomicU64,
	/// The next Ethereum block to scan.
	pub eth_next_block: AtomicU64,
	/// The next sidechain block to relay.
	pub side_next_block: AtomicU64,
}

impl Metrics {
	/// Adds one to `counter`.
	pub fn inc(counter: &AtomicU64) {
		counter.fetch_add(1, Ordering::Relaxed);
	}

	/// The Prometheus text exposition.
	pub fn render(&self) -> String {
		let rows = [
			("ect_relayer_attested_total", "counter", &self.attested),
			("ect_relayer_attest_skipped_total", "counter", &self.attest_skipped),
			("ect_relayer_roots_confirmed_total", "counter", &self.roots_confirmed),
			("ect_relayer_messages_executed_total", "counter", &self.messages_executed),
			("ect_relayer_claims_total", "counter", &self.claims),
			("ect_relayer_errors_total", "counter", &self.errors),
			("ect_relayer_eth_next_block", "gauge", &self.eth_next_block),
			("ect_relayer_side_next_block", "gauge", &self.side_next_block),
		];
		rows.iter()
			.map(|(name, kind, value)| format!("# TYPE {name} {kind}\n{name} {}\n", value.load(Ordering::Relaxed)))
			.collect()
	}

	/// Serves `render()` to every HTTP request on `listener`, forever.
	pub async fn serve(self: std::sync::Arc<Self>, listener: TcpListener) {
		ect_client::metrics::serve(listener, std::sync::Arc::new(move || self.render())).await
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn counters_render_in_prometheus_text() {
		let metrics = Metrics::default();
		Metrics::inc(&metrics.attested);
		Metrics::inc(&metrics.attested);
		metrics.side_next_block.store(42, Ordering::Relaxed);
		let text = metrics.render();
		assert!(text.contains("# TYPE ect_relayer_attested_total counter\nect_relayer_attested_total 2\n"));
		assert!(text.contains("# TYPE ect_relayer_side_next_block gauge\nect_relayer_side_next_block 42\n"));
		assert!(text.contains("ect_relayer_errors_total 0\n"));
	}
}
