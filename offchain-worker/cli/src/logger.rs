//! Log lines on standard error: `time level target: message`, at the level
//! of `RUST_LOG` (`error`, `warn`, `info`, `debug`, `trace`; default `info`).

use std::io::Write;

struct Stderr(log::LevelFilter);

impl log::Log for Stderr {
	fn enabled(&self, metadata: &log::Metadata) -> bool {
		metadata.level() <= self.0
	}

	fn log(&self, record: &log::Record) {
		if self.enabled(record.metadata()) {
			let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
			let _ = writeln!(
				std::io::stderr().lock(),
				"{}.{:03} {:<5} {}: {}",
				now.as_secs(),
				now.subsec_millis(),
				record.level(),
				record.target(),
				record.args()
			);
		}
	}

	fn flush(&self) {}
}

/// Installs the logger (once).
pub fn init() {
	let level = std::env::var("RUST_LOG").ok().and_then(|l| l.parse().ok()).unwrap_or(log::LevelFilter::Info);
	if log::set_boxed_logger(Box::new(Stderr(level))).is_ok() {
		log::set_max_level(level);
	}
}
