//! Prometheus metrics of the agents and the relayer: a registry of named
//! counters and gauges (with labels), rendered in the Prometheus text format
//! and served over HTTP (`GET /metrics`, or any path) by [`serve`].

use std::{
	collections::BTreeMap,
	net::SocketAddr,
	sync::{Arc, Mutex},
};

use tokio::{
	io::{AsyncReadExt, AsyncWriteExt},
	net::TcpListener,
};

/// A metric's Prometheus type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
	/// Only goes up.
	Counter,
	/// Goes up and down.
	Gauge,
}

impl Kind {
	fn name(self) -> &'static str {
		match self {
			Self::Counter => "counter",
			Self::Gauge => "gauge",
		}
	}
}

/// One series: a metric name and its labels (`outcome="revealed"`).
type Series = (String, String);

/// Named counters and gauges.
#[derive(Debug, Default)]
pub struct Registry {
	series: Mutex<BTreeMap<Series, (Kind, u64)>>,
}

fn labels(pairs: &[(&str, &str)]) -> String {
	pairs
		.iter()
		.map(|(k, v)| format!("{k}=\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")))
		.collect::<Vec<_>>()
		.join(",")
}

impl Registry {
	/// Sets the series `name{labels}` to `value`.
	pub fn set(&self, name: &str, pairs: &[(&str, &str)], kind: Kind, value: u64) {
		if let Ok(mut series) = self.series.lock() {
			series.insert((name.to_string(), labels(pairs)), (kind, value));
		}
	}

	/// Adds `value` to the counter `name{labels}`.
	pub fn add(&self, name: &str, pairs: &[(&str, &str)], value: u64) {
		if let Ok(mut series) = self.series.lock() {
			let entry = series.entry((name.to_string(), labels(pairs))).or_insert((Kind::Counter, 0));
			entry.1 = entry.1.saturating_add(value);
		}
	}

	/// The value of `name{labels}`, if set.
	pub fn get(&self, name: &str, pairs: &[(&str, &str)]) -> Option<u64> {
		self.series.lock().ok()?.get(&(name.to_string(), labels(pairs))).map(|(_, v)| *v)
	}

	/// The Prometheus text exposition.
	pub fn render(&self) -> String {
		let Ok(series) = self.series.lock() else { return String::new() };
		let mut text = String::new();
		let mut typed = None;
		for ((name, labels), (kind, value)) in series.iter() {
			if typed != Some(name) {
				text.push_str(&format!("# TYPE {name} {}\n", kind.name()));
				typed = Some(name);
			}
			if labels.is_empty() {
				text.push_str(&format!("{name} {value}\n"));
			} else {
				text.push_str(&format!("{name}{{{labels}}} {value}\n"));
			}
		}
		text
	}
}

/// Serves `render()` to every HTTP request on `listener`, forever.
pub async fn serve(listener: TcpListener, render: Arc<dyn Fn() -> String + Send + Sync>) {
	loop {
		let Ok((mut stream, _)) = listener.accept().await else { continue };
		let render = render.clone();
		tokio::spawn(async move {
			let mut request = [0u8; 1024];
			let _ = stream.read(&mut request).await;
			let body = render();
			let response = format!(
				"HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
				body.len()
			);
			let _ = stream.write_all(response.as_bytes()).await;
		});
	}
}

/// Binds `addr` and serves `registry` there in the background; returns the
/// bound address.
pub async fn spawn(addr: SocketAddr, registry: Arc<Registry>) -> std::io::Result<SocketAddr> {
	let listener = TcpListener::bind(addr).await?;
	let local = listener.local_addr()?;
	tokio::spawn(serve(listener, Arc::new(move || registry.render())));
	Ok(local)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn series_render_grouped_by_name_with_their_labels() {
		let registry = Registry::default();
		registry.add("ect_worker_tasks_total", &[("outcome", "revealed")], 2);
		registry.add("ect_worker_tasks_total", &[("outcome", "computed")], 1);
		registry.add("ect_worker_tasks_total", &[("outcome", "revealed")], 1);
		registry.set("ect_worker_stake_locked", &[], Kind::Gauge, 7);
		assert_eq!(
			registry.render(),
			"# TYPE ect_worker_stake_locked gauge\nect_worker_stake_locked 7\n\
			 # TYPE ect_worker_tasks_total counter\nect_worker_tasks_total{outcome=\"computed\"} 1\n\
			 ect_worker_tasks_total{outcome=\"revealed\"} 3\n"
		);
		assert_eq!(registry.get("ect_worker_tasks_total", &[("outcome", "revealed")]), Some(3));
	}

	#[tokio::test]
	async fn the_registry_is_served_over_http() {
		let registry = Arc::new(Registry::default());
		registry.set("up", &[], Kind::Gauge, 1);
		let addr = spawn(SocketAddr::from(([127, 0, 0, 1], 0)), registry).await.unwrap();
		let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
		stream.write_all(b"GET /metrics HTTP/1.1\r\n\r\n").await.unwrap();
		let mut response = String::new();
		stream.read_to_string(&mut response).await.unwrap();
		assert!(response.starts_with("HTTP/1.1 200 OK") && response.ends_with("up 1\n"), "{response}");
	}
}
