//! One `ect-node` process, on loopback or on a host of its own (`crate::netns`).

use std::{
	fs::File,
	io::{BufRead, BufReader, Write},
	net::TcpListener,
	os::unix::process::CommandExt,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	sync::mpsc,
	time::Duration,
};

use anyhow::{anyhow, bail, Context, Result};
use ect_client::Rpc;

/// How long a node may take to open its RPC server.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The log line that says the RPC server is listening.
const RPC_READY: &str = "Running JSON-RPC server";

/// What a node is started with.
#[derive(Clone, Debug)]
pub struct NodeConfig {
	/// A name for logs and directories (`alice`, `dev`, ...).
	pub name: String,
	/// `--dev`, `local` or a chain-spec path.
	pub chain: String,
	/// Database and keystore directory; reused across restarts.
	pub base_path: PathBuf,
	/// libp2p port on 127.0.0.1.
	pub p2p_port: u16,
	/// JSON-RPC/WebSocket port on 127.0.0.1.
	pub rpc_port: u16,
	/// Prometheus port on 127.0.0.1.
	pub prometheus_port: u16,
	/// Extra flags (`--alice`, `--validator`, `--bootnodes ...`).
	pub extra_args: Vec<String>,
	/// The network namespace it runs in (`ip netns exec`), if not the
	/// test's own.
	pub netns: Option<String>,
	/// The address its RPC is reached at: 127.0.0.1, or its host's.
	pub rpc_host: std::net::Ipv4Addr,
}

impl NodeConfig {
	/// A node named `name` under `root`, on fresh free ports.
	pub fn new(name: &str, chain: &str, root: &Path) -> Self {
		Self {
			name: name.to_string(),
			chain: chain.to_string(),
			base_path: root.join(name),
			p2p_port: free_port(),
			rpc_port: free_port(),
			prometheus_port: free_port(),
			extra_args: Vec::new(),
			netns: None,
			rpc_host: std::net::Ipv4Addr::LOCALHOST,
		}
	}

	/// Runs the node on `host` (in its namespace), with its RPC open to
	/// the other hosts (`--rpc-external`) at the host's address.
	pub fn on_host(mut self, host: &crate::netns::Host) -> Self {
		self.netns = Some(host.netns.clone());
		self.rpc_host = host.addr;
		self.args(["--rpc-external"])
	}

	/// Adds flags.
	pub fn args<I: IntoIterator<Item = S>, S: Into<String>>(mut self, args: I) -> Self {
		self.extra_args.extend(args.into_iter().map(Into::into));
		self
	}

	/// The libp2p address other nodes dial to reach this one, given its peer id.
	pub fn multiaddr(&self, peer_id: &str) -> String {
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer_id}", self.p2p_port)
	}

	fn command(&self, binary: &Path) -> Command {
		let mut command = crate::netns::command_in(self.netns.as_deref(), binary);
		if self.chain == "--dev" {
			command.arg("--dev");
		} else {
			command.args(["--chain", &self.chain]);
		}
		command
			.arg("--base-path")
			.arg(&self.base_path)
			.args(["--name", &self.name])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{}", self.p2p_port)])
			.args(["--rpc-port", &self.rpc_port.to_string()])
			.args(["--prometheus-port", &self.prometheus_port.to_string()])
			// Loopback only: no multicast discovery, no telemetry.
			.args(["--no-mdns", "--no-telemetry"])
			.args(&self.extra_args);
		command
	}
}

/// A running node; killed when dropped.
pub struct Node {
	config: NodeConfig,
	child: Option<Child>,
	log: PathBuf,
}

impl Node {
	/// Starts a node and waits until its RPC server is up.
	pub fn start(config: NodeConfig, logs: &Path) -> Result<Self> {
		let log = logs.join(format!("{}.log", config.name));
		let mut node = Self { config, child: None, log };
		node.spawn()?;
		Ok(node)
	}

	/// A single-validator dev chain (`--dev`) named `dev` in `work`.
	pub fn dev(work: &crate::WorkDir) -> Result<Self> {
		Self::start(NodeConfig::new("dev", "--dev", work.path()), work.path())
	}

	/// The node's configuration.
	pub fn config(&self) -> &NodeConfig {
		&self.config
	}

	/// The node's WebSocket RPC address.
	pub fn ws_url(&self) -> String {
		format!("ws://{}:{}", self.config.rpc_host, self.config.rpc_port)
	}

	/// Opens an RPC connection to the node.
	pub async fn rpc(&self) -> Result<Rpc> {
		Rpc::connect(&self.ws_url()).await.with_context(|| format!("connect to {}", self.config.name))
	}

	/// The process id, while it runs.
	pub fn pid(&self) -> Option<u32> {
		self.child.as_ref().map(Child::id)
	}

	/// Whether the process is still running.
	pub fn is_running(&mut self) -> bool {
		self.child.as_mut().is_some_and(|child| matches!(child.try_wait(), Ok(None)))
	}

	/// Kills the process at once (SIGKILL), as a crash would.
	pub fn kill(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	/// Starts the process again with the same configuration and base path.
	pub fn restart(&mut self) -> Result<()> {
		self.kill();
		self.spawn()
	}

	fn spawn(&mut self) -> Result<()> {
		let binary = node_binary()?;
		let mut log = File::options()
			.create(true)
			.append(true)
			.open(&self.log)
			.with_context(|| format!("open {}", self.log.display()))?;
		writeln!(log, "=== {} {:?}", binary.display(), self.config.command(&binary))?;
		let mut command = self.config.command(&binary);
		command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
		die_with_parent(&mut command);
		let mut child = command.spawn().with_context(|| format!("spawn {}", binary.display()))?;
		let stderr = child.stderr.take().ok_or_else(|| anyhow!("no stderr pipe"))?;
		self.child = Some(child);

		// Copy the node's log to the file, and wait until the RPC server is up.
		let lines = copy_log(stderr, log);
		let deadline = std::time::Instant::now() + START_TIMEOUT;
		loop {
			match lines.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now())) {
				Ok(line) if line.contains(RPC_READY) => return Ok(()),
				Ok(_) => {},
				Err(mpsc::RecvTimeoutError::Timeout) => bail!(
					"{} did not open its RPC server in {START_TIMEOUT:?}; see {}",
					self.config.name,
					self.log.display()
				),
				Err(mpsc::RecvTimeoutError::Disconnected) =>
					bail!("{} exited before opening its RPC server; see {}", self.config.name, self.log.display()),
			}
		}
	}
}

/// Copies a child's standard error, line by line, to `log` on a thread of
/// its own, and hands each line to the receiver while it listens.
pub fn copy_log(stream: impl std::io::Read + Send + 'static, mut log: File) -> mpsc::Receiver<String> {
	let (tx, rx) = mpsc::channel();
	std::thread::spawn(move || {
		for line in BufReader::new(stream).lines().map_while(Result::ok) {
			let _ = writeln!(log, "{line}");
			let _ = tx.send(line);
		}
	});
	rx
}

impl Drop for Node {
	fn drop(&mut self) {
		self.kill();
	}
}

/// Makes the process started by `command` die with the test process.
pub fn die_with_parent(command: &mut Command) {
	// SAFETY: `prctl` is async-signal-safe; it only asks the kernel to kill
	// the child if the test process dies, so no process outlives its test.
	unsafe {
		command.pre_exec(|| {
			if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
				return Err(std::io::Error::last_os_error());
			}
			Ok(())
		});
	}
}

/// The `ect-node` binary: `$ECT_NODE_BIN`, or the one built beside this test
/// (`<target>/release/ect-node`, as `scripts/test.sh` builds it).
pub fn node_binary() -> Result<PathBuf> {
	built_binary("ect-node", "ECT_NODE_BIN")
}

/// The binary `name`: the path in `$env`, or the one built beside this test.
pub fn built_binary(name: &str, env: &str) -> Result<PathBuf> {
	if let Some(path) = std::env::var_os(env) {
		return Ok(PathBuf::from(path));
	}
	let exe = std::env::current_exe()?;
	// <target>/<profile>/deps/<test binary>
	let profile_dir = exe
		.parent()
		.and_then(Path::parent)
		.ok_or_else(|| anyhow!("unexpected test binary location {}", exe.display()))?;
	let binary = profile_dir.join(name);
	if !binary.exists() {
		bail!("{} not found: build it first (scripts/test.sh does) or set {env}", binary.display());
	}
	Ok(binary)
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|listener| listener.local_addr())
		.map(|addr| addr.port())
		.expect("no free loopback port")
}
