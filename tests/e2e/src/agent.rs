//! `ect` processes: long-running agents (scheduler, workers; or another
//! program, on a host of its own) killed on drop, and one-shot commands.

use std::{
	fs::File,
	io::Write,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	sync::mpsc,
	time::Duration,
};

use anyhow::{anyhow, bail, Context, Result};

use crate::node::{built_binary, copy_log, die_with_parent};

/// The `ect` binary: `$ECT_BIN`, or the one built beside this test.
pub fn ect_binary() -> Result<PathBuf> {
	built_binary("ect", "ECT_BIN")
}

/// The example apps: `$ECT_APPS_DIR`, or `<target>/wasm32-wasip1/release`
/// beside this test (`scripts/test.sh` builds them there).
pub fn app_path(name: &str) -> Result<PathBuf> {
	let dir = match std::env::var_os("ECT_APPS_DIR") {
		Some(dir) => PathBuf::from(dir),
		None => {
			let exe = std::env::current_exe()?;
			let target = exe.ancestors().nth(3).ok_or_else(|| anyhow!("unexpected test binary location"))?;
			target.join("wasm32-wasip1/release")
		},
	};
	let path = dir.join(format!("ect-app-{name}.wasm"));
	if !path.exists() {
		bail!("{} not found: build the apps first (scripts/test.sh does) or set ECT_APPS_DIR", path.display());
	}
	Ok(path)
}

/// A long-running `ect` agent (or another program); killed when dropped.
pub struct Agent {
	name: String,
	/// The namespace it runs in (`ip netns exec`), if not the test's.
	netns: Option<String>,
	program: PathBuf,
	args: Vec<String>,
	child: Option<Child>,
	log: PathBuf,
	lines: Option<mpsc::Receiver<String>>,
	metrics: Option<std::net::SocketAddr>,
}

impl Agent {
	/// Starts `ect <args>`, logging to `<logs>/<name>.log`.
	pub fn start(name: &str, args: &[String], logs: &Path) -> Result<Self> {
		Self::start_in(None, name, ect_binary()?, args, logs)
	}

	/// Starts `program <args>` in the network namespace `netns` (the test's
	/// own if `None`), logging its standard error to `<logs>/<name>.log`.
	pub fn start_in(netns: Option<&str>, name: &str, program: PathBuf, args: &[String], logs: &Path) -> Result<Self> {
		let mut agent = Self {
			name: name.to_string(),
			netns: netns.map(str::to_string),
			program,
			args: args.to_vec(),
			child: None,
			log: logs.join(format!("{name}.log")),
			lines: None,
			metrics: None,
		};
		agent.spawn()?;
		Ok(agent)
	}

	/// Starts `ect scheduler` for `pool` as `key` on a free port (and its
	/// result store on another), with its state under `work`, and waits
	/// until its pool service is up; returns it and the pool service port.
	pub fn scheduler(work: &crate::WorkDir, url: &str, key: &str, pool: u32) -> Result<(Self, u16)> {
		Self::scheduler_with(work, url, key, &["--pool".into(), pool.to_string()])
	}

	/// [`Self::scheduler`] with `selection` naming its pool and policy
	/// (`--pool N`, `--policy FILE`).
	pub fn scheduler_with(work: &crate::WorkDir, url: &str, key: &str, selection: &[String]) -> Result<(Self, u16)> {
		let port = crate::node::free_port();
		let store_port = crate::node::free_port();
		let metrics = std::net::SocketAddr::from(([127, 0, 0, 1], crate::node::free_port()));
		let state = work.path().join("scheduler");
		let mut args: Vec<String> = ["--url", url, "--key", key, "scheduler"].map(String::from).to_vec();
		args.extend_from_slice(selection);
		args.extend(
			[
				"--listen", &format!("127.0.0.1:{port}"), "--store-listen", &format!("127.0.0.1:{store_port}"),
				"--state-dir", &state.display().to_string(), "--metrics", &metrics.to_string(),
			]
			.map(String::from),
		);
		let mut scheduler = Self::start("scheduler", &args, work.path())?;
		scheduler.metrics = Some(metrics);
		scheduler.wait_for_log("service on", Duration::from_secs(30))?;
		Ok((scheduler, port))
	}

	/// Starts `ect worker` as `key` (`//Eve`) for `pool`, whose scheduler
	/// listens on `port`; its state and log are named after the key.
	pub fn worker(work: &crate::WorkDir, url: &str, key: &str, pool: u32, port: u16, byzantine: bool) -> Result<Self> {
		let extra: &[&str] = if byzantine { &["--byzantine"] } else { &[] };
		Self::worker_with(work, url, key, pool, port, extra)
	}

	/// [`Self::worker`] with more `ect worker` flags (`--memory-mib 128`).
	pub fn worker_with(work: &crate::WorkDir, url: &str, key: &str, pool: u32, port: u16, extra: &[&str]) -> Result<Self> {
		let name = key.trim_start_matches("//").to_lowercase();
		let state = work.path().join(&name);
		let metrics = std::net::SocketAddr::from(([127, 0, 0, 1], crate::node::free_port()));
		let mut args: Vec<String> = [
			"--url", url, "--key", key, "worker", "--pool", &pool.to_string(),
			"--scheduler", &format!("ws://127.0.0.1:{port}"), "--state-dir", &state.display().to_string(),
			"--metrics", &metrics.to_string(),
		]
		.map(String::from)
		.to_vec();
		args.extend(extra.iter().map(|arg| arg.to_string()));
		let mut worker = Self::start(&name, &args, work.path())?;
		worker.metrics = Some(metrics);
		Ok(worker)
	}

	/// The agent, known to serve Prometheus metrics on `addr`.
	pub fn serving_metrics(mut self, addr: std::net::SocketAddr) -> Self {
		self.metrics = Some(addr);
		self
	}

	/// Waits until the series `series` the agent serves is at least
	/// `value` (scraped every 200 ms, at most `limit`; an agent whose
	/// metrics server is not up yet, just started, is scraped again).
	pub async fn wait_metric(&self, series: &str, value: u64, limit: Duration) -> Result<()> {
		let started = std::time::Instant::now();
		loop {
			let now = self.metric(series).await;
			if now.as_ref().is_ok_and(|now| *now >= value) {
				return Ok(());
			}
			if started.elapsed() > limit {
				bail!("{}: {series} is {now:?}, not {value}, after {limit:?}", self.name);
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	}

	/// Waits until the sum of each agent's series (`(agent, series)`) is at
	/// least `value` (scraped every 200 ms, at most `limit`); returns it.
	pub async fn wait_total(series: &[(&Agent, &str)], value: u64, limit: Duration) -> Result<u64> {
		let started = std::time::Instant::now();
		loop {
			let mut total = 0;
			for (agent, name) in series {
				total += agent.metric(name).await.unwrap_or(0);
			}
			if total >= value {
				return Ok(total);
			}
			if started.elapsed() > limit {
				bail!("the total of {series:?} is {total}, not {value}, after {limit:?}", series = series.iter().map(|(a, s)| format!("{}: {s}", a.name)).collect::<Vec<_>>());
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	}

	/// The value of the Prometheus series `series` (`name` or
	/// `name{label="v"}`) the agent serves now; 0 if absent.
	pub async fn metric(&self, series: &str) -> Result<u64> {
		use tokio::io::{AsyncReadExt, AsyncWriteExt};
		let addr = self.metrics.ok_or_else(|| anyhow!("{} serves no metrics", self.name))?;
		let mut stream = tokio::net::TcpStream::connect(addr).await?;
		stream.write_all(b"GET /metrics HTTP/1.1\r\nHost: e2e\r\n\r\n").await?;
		let mut response = String::new();
		stream.read_to_string(&mut response).await?;
		let prefix = format!("{series} ");
		Ok(response.lines().find_map(|line| line.strip_prefix(&prefix)).and_then(|v| v.trim().parse().ok()).unwrap_or(0))
	}

	/// The process id, while it runs.
	pub fn pid(&self) -> Option<u32> {
		self.child.as_ref().map(Child::id)
	}

	/// Whether the process is still running (not exited, not killed).
	pub fn is_running(&mut self) -> bool {
		self.child.as_mut().is_some_and(|child| matches!(child.try_wait(), Ok(None)))
	}

	fn spawn(&mut self) -> Result<()> {
		let binary = &self.program;
		let mut log = File::options().create(true).append(true).open(&self.log)?;
		writeln!(log, "=== {}{} {:?}", self.netns.as_ref().map(|ns| format!("[{ns}] ")).unwrap_or_default(), binary.display(), self.args)?;
		let mut command = crate::netns::command_in(self.netns.as_deref(), binary);
		command.args(&self.args).env("RUST_LOG", "info").stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
		die_with_parent(&mut command);
		let mut child = command.spawn().with_context(|| format!("spawn {}", binary.display()))?;
		let stderr = child.stderr.take().ok_or_else(|| anyhow!("no stderr pipe"))?;
		self.child = Some(child);
		self.lines = Some(copy_log(stderr, log));
		Ok(())
	}

	/// Waits until the agent logs a line containing `needle` (lines are
	/// consumed as they are read).
	pub fn wait_for_log(&self, needle: &str, limit: Duration) -> Result<()> {
		self.wait_for_logs(&[needle], limit)
	}

	/// Waits until the agent has logged a line containing each of `needles`,
	/// in any order.
	pub fn wait_for_logs(&self, needles: &[&str], limit: Duration) -> Result<()> {
		let lines = self.lines.as_ref().ok_or_else(|| anyhow!("{} is not running", self.name))?;
		let deadline = std::time::Instant::now() + limit;
		let mut missing: Vec<&str> = needles.to_vec();
		while !missing.is_empty() {
			let left = deadline.saturating_duration_since(std::time::Instant::now());
			match lines.recv_timeout(left) {
				Ok(line) => {
					if let Some(i) = missing.iter().position(|n| line.contains(n)) {
						missing.remove(i);
					}
				},
				Err(_) => bail!("{} did not log {missing:?} within {limit:?}; see {}", self.name, self.log.display()),
			}
		}
		Ok(())
	}

	/// What the agent's current run has logged so far (its log file since
	/// the last start).
	pub fn current_run_log(&self) -> Result<String> {
		let text = std::fs::read_to_string(&self.log)?;
		Ok(text.rfind("=== ").map(|at| text[at..].to_string()).unwrap_or(text))
	}

	/// Kills the agent at once (SIGKILL), as a crash would.
	pub fn kill(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
		self.lines = None;
	}

	/// Starts it again with the same arguments and state.
	pub fn restart(&mut self) -> Result<()> {
		self.kill();
		self.spawn()
	}
}

impl Drop for Agent {
	fn drop(&mut self) {
		self.kill();
	}
}

/// What a one-shot `ect` command did.
#[derive(Debug)]
pub struct CliOutput {
	/// Its exit code.
	pub code: i32,
	/// Standard output.
	pub stdout: String,
	/// Standard error.
	pub stderr: String,
}

impl CliOutput {
	/// Standard output as JSON.
	pub fn json(&self) -> Result<serde_json::Value> {
		serde_json::from_str(&self.stdout).with_context(|| format!("not JSON: {:?} (stderr {:?})", self.stdout, self.stderr))
	}

	/// Fails unless the command succeeded.
	pub fn ok(self) -> Result<Self> {
		if self.code != 0 {
			bail!("ect failed ({}): {}{}", self.code, self.stderr, self.stdout);
		}
		Ok(self)
	}
}

/// Runs `ect --url URL --json ARGS` (at most `limit`), which must succeed,
/// and returns its JSON output.
pub async fn cli_json(url: &str, args: &[&str], limit: Duration) -> Result<serde_json::Value> {
	let mut all = vec!["--url", url, "--json"];
	all.extend_from_slice(args);
	cli(&all, limit).await?.ok()?.json()
}

/// The text at `pointer` in `json` (`/deals/0/deal`).
pub fn json_text<'a>(json: &'a serde_json::Value, pointer: &str) -> Result<&'a str> {
	json.pointer(pointer).and_then(serde_json::Value::as_str).ok_or_else(|| anyhow!("no {pointer} in {json}"))
}

/// Runs `ect <args>` to completion (at most `limit`).
pub async fn cli(args: &[&str], limit: Duration) -> Result<CliOutput> {
	cli_in(None, args, limit).await
}

/// Runs `ect <args>` in the network namespace `netns` (the test's own if
/// `None`) to completion (at most `limit`).
pub async fn cli_in(netns: Option<&str>, args: &[&str], limit: Duration) -> Result<CliOutput> {
	let mut command = crate::netns::command_in(netns, ect_binary()?);
	command.args(args);
	run(command, limit).await
}

/// Runs `command` to completion (at most `limit`; killed if it overruns).
pub async fn run(command: Command, limit: Duration) -> Result<CliOutput> {
	let what = format!("{command:?}");
	let mut command = tokio::process::Command::from(command);
	command.stdin(Stdio::null()).kill_on_drop(true);
	let output = tokio::time::timeout(limit, command.output())
		.await
		.map_err(|_| anyhow!("{what} did not finish within {limit:?}"))??;
	Ok(CliOutput {
		code: output.status.code().unwrap_or(-1),
		stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
		stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
	})
}
