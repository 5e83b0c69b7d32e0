//! Hosts of their own: each party of a test in a network namespace.
//!
//! A [`Network`] is one Linux bridge in the test's (root) namespace, which
//! has the address `10.A.B.1/24` on it, and one namespace per party
//! (`ip netns`, named `ect-<pid>-<party>`) joined to the bridge by a veth
//! pair: the party's `eth0` has `10.A.B.(10 + i)/24`, and its `lo` is up.
//! `A.B` is derived from the test's pid, so that concurrent runs do not
//! share a subnet. Each [`Host`] has a directory of its own too.
//!
//! The network is removed (namespaces, veths, bridge) when it is dropped,
//! also on failure and panic; leftovers of earlier runs that were killed
//! (under this pid, or a pid that no longer runs) are removed before it is
//! set up. Drop it after the processes that run in it (declare it before
//! them).
//!
//! Creating namespaces needs root (CI runs the tests as root): without it,
//! or without `ip netns`, [`Network::new`] fails with a clear message.

use std::{
	ffi::OsStr,
	net::{Ipv4Addr, SocketAddr},
	path::{Path, PathBuf},
	process::Command,
	time::Duration,
};

use anyhow::{bail, Context, Result};

use crate::agent::{self, Agent, CliOutput};

/// `program`, to be run in the namespace `netns` (`ip netns exec NETNS
/// program`) or, without one, in the test's own.
pub fn command_in(netns: Option<&str>, program: impl AsRef<OsStr>) -> Command {
	match netns {
		Some(netns) => {
			let mut command = Command::new("ip");
			command.args(["netns", "exec", netns]).arg(program);
			command
		},
		None => Command::new(program),
	}
}

/// Runs `ip <args>` and fails with its standard error if it fails.
fn ip(args: &[&str]) -> Result<String> {
	let output = Command::new("ip").args(args).output().context("cannot run `ip` (iproute2)")?;
	if !output.status.success() {
		bail!("ip {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
	}
	Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Fails unless `program --version` runs: the tools a test needs on the
/// machine (`python3`, `curl`).
pub fn require(program: &str) -> Result<()> {
	match Command::new(program).arg("--version").output() {
		Ok(output) if output.status.success() => Ok(()),
		_ => bail!("`{program}` is needed by this test and was not found on the PATH"),
	}
}

/// Waits until something listens on `addr` (at most `limit`).
pub async fn wait_listening(addr: SocketAddr, limit: Duration) -> Result<()> {
	let deadline = tokio::time::Instant::now() + limit;
	loop {
		if tokio::net::TcpStream::connect(addr).await.is_ok() {
			return Ok(());
		}
		if tokio::time::Instant::now() > deadline {
			bail!("nothing listens on {addr} after {limit:?}");
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
}

/// One party's host: a network namespace with an address, and a directory.
#[derive(Clone, Debug)]
pub struct Host {
	/// The party's name (`node`, `w1`, ...).
	pub name: String,
	/// The namespace (`ect-<pid>-<name>`).
	pub netns: String,
	/// Its address on the bridge.
	pub addr: Ipv4Addr,
	/// Its directory: the party's state, logs and files, nobody else's.
	pub dir: PathBuf,
}

impl Host {
	/// `addr:port` of this host.
	pub fn socket(&self, port: u16) -> SocketAddr {
		SocketAddr::from((self.addr, port))
	}

	/// `scheme://addr:port` of this host.
	pub fn url(&self, scheme: &str, port: u16) -> String {
		format!("{scheme}://{}:{port}", self.addr)
	}

	/// A path in this host's directory.
	pub fn path(&self, name: &str) -> PathBuf {
		self.dir.join(name)
	}

	/// Starts the long-running `program <args>` on this host, logging to
	/// `<dir>/<name>.log`; killed when the [`Agent`] is dropped.
	pub fn start(&self, name: &str, program: impl Into<PathBuf>, args: &[String]) -> Result<Agent> {
		Agent::start_in(Some(&self.netns), name, program.into(), args, &self.dir)
	}

	/// Starts `ect <args>` on this host (see [`Self::start`]).
	pub fn start_ect(&self, name: &str, args: &[String]) -> Result<Agent> {
		self.start(name, agent::ect_binary()?, args)
	}

	/// Runs `ect <args>` on this host to completion (at most `limit`).
	pub async fn ect(&self, args: &[&str], limit: Duration) -> Result<CliOutput> {
		agent::cli_in(Some(&self.netns), args, limit).await
	}

	/// Runs `task` on this host from the test process: in a thread of its
	/// own that enters the host's network namespace (`setns`) and runs the
	/// task on a runtime of its own, so that every socket it opens is the
	/// host's. The thread ends with the task.
	pub async fn within<T, F, Fut>(&self, task: F) -> Result<T>
	where
		T: Send + 'static,
		F: FnOnce() -> Fut + Send + 'static,
		Fut: std::future::Future<Output = Result<T>>,
	{
		use std::os::fd::AsRawFd;
		let namespace = Path::new("/run/netns").join(&self.netns);
		let thread = std::thread::spawn(move || -> Result<T> {
			let file = std::fs::File::open(&namespace).with_context(|| format!("open {}", namespace.display()))?;
			// SAFETY: `file` is an open namespace file for the duration of
			// the call; `setns` changes the namespace of this thread only.
			if unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
				bail!("setns {}: {}", namespace.display(), std::io::Error::last_os_error());
			}
			tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(task())
		});
		tokio::task::spawn_blocking(move || thread.join())
			.await?
			.map_err(|_| anyhow::anyhow!("the task on {} panicked", self.name))?
	}

	/// Runs `program <args>` on this host to completion (at most `limit`).
	pub async fn run(&self, program: &str, args: &[&str], limit: Duration) -> Result<CliOutput> {
		let mut command = command_in(Some(&self.netns), program);
		command.args(args);
		agent::run(command, limit).await
	}
}

/// A bridge and one namespace per party; removed when dropped.
pub struct Network {
	/// The prefix of every namespace of this test process: `ect-<pid>-`.
	netns_prefix: String,
	/// The prefix of every link of this test process: `ect<pid>-` (link
	/// names have at most 15 bytes).
	link_prefix: String,
	/// The bridge, once created.
	bridge: Option<String>,
	/// The hosts created so far.
	hosts: Vec<Host>,
}

impl Network {
	/// Creates the bridge and one host per name in `parties`, each with the
	/// directory `<root>/<name>`.
	pub fn new(root: &Path, parties: &[&str]) -> Result<Self> {
		// SAFETY: `geteuid` has no preconditions and cannot fail.
		if unsafe { libc::geteuid() } != 0 {
			bail!("this test puts every party in a network namespace of its own and must run as root (CI does): `ip netns` needs it");
		}
		ip(&["netns", "list"]).context("`ip netns` is unavailable: this test needs iproute2 with network namespace support")?;
		let pid = std::process::id();
		let mut network =
			Self { netns_prefix: format!("ect-{pid}-"), link_prefix: format!("ect{pid}-"), bridge: None, hosts: Vec::new() };
		network.remove_leftovers();

		let subnet = [10, 64 + ((pid >> 8) % 128) as u8, (pid % 256) as u8];
		let address = |last: u8| Ipv4Addr::new(subnet[0], subnet[1], subnet[2], last);
		let cidr = format!("{}/24", address(0));
		if !ip(&["route", "show", &cidr])?.trim().is_empty() {
			bail!("the subnet {cidr} this test would use is routed already (another test run?)");
		}

		let bridge = format!("{}br", network.link_prefix);
		ip(&["link", "add", &bridge, "type", "bridge"])?;
		network.bridge = Some(bridge.clone());
		ip(&["addr", "add", &format!("{}/24", address(1)), "dev", &bridge])?;
		ip(&["link", "set", &bridge, "up"])?;

		for (i, name) in parties.iter().enumerate() {
			let netns = format!("{}{name}", network.netns_prefix);
			let veth = format!("{}v{i}", network.link_prefix);
			let addr = address(10 + u8::try_from(i).context("too many parties")?);
			let dir = root.join(name);
			std::fs::create_dir_all(&dir)?;
			ip(&["netns", "add", &netns])?;
			network.hosts.push(Host { name: name.to_string(), netns: netns.clone(), addr, dir });
			ip(&["link", "add", &veth, "type", "veth", "peer", "name", "eth0", "netns", &netns])?;
			ip(&["link", "set", &veth, "master", &bridge, "up"])?;
			ip(&["-n", &netns, "addr", "add", &format!("{addr}/24"), "dev", "eth0"])?;
			ip(&["-n", &netns, "link", "set", "eth0", "up"])?;
			ip(&["-n", &netns, "link", "set", "lo", "up"])?;
		}
		Ok(network)
	}

	/// The host of `party`.
	pub fn host(&self, party: &str) -> &Host {
		self.hosts.iter().find(|host| host.name == party).unwrap_or_else(|| panic!("no host {party}"))
	}

	/// Every host.
	pub fn hosts(&self) -> &[Host] {
		&self.hosts
	}

	/// Removes the namespaces and links left over by an earlier run that
	/// was killed: those of this pid, and those of pids that no longer run.
	fn remove_leftovers(&self) {
		if let Ok(list) = ip(&["netns", "list"]) {
			// "ect-123-node (id: 3)"
			for netns in list.lines().filter_map(|line| line.split_whitespace().next()) {
				if netns.strip_prefix("ect-").is_some_and(left_by_dead_run) || netns.starts_with(&self.netns_prefix) {
					let _ = ip(&["netns", "del", netns]);
				}
			}
		}
		if let Ok(list) = ip(&["-o", "link", "show"]) {
			// "8: ect123-v0@if2: <BROADCAST,...> ..."
			for link in list.lines().filter_map(|line| line.split(": ").nth(1)) {
				let name = link.split('@').next().unwrap_or(link);
				if name.strip_prefix("ect").is_some_and(left_by_dead_run) || name.starts_with(&self.link_prefix) {
					let _ = ip(&["link", "del", name]);
				}
			}
		}
	}
}

/// Whether `rest` (a name after its `ect`/`ect-`) is `<pid>-…` of a
/// process that no longer runs.
fn left_by_dead_run(rest: &str) -> bool {
	match rest.split_once('-') {
		Some((pid, _)) if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) =>
			!Path::new("/proc").join(pid).exists(),
		_ => false,
	}
}

impl Drop for Network {
	fn drop(&mut self) {
		for (i, host) in self.hosts.iter().enumerate() {
			// Deleting one end of a veth pair deletes both.
			let _ = ip(&["link", "del", &format!("{}v{i}", self.link_prefix)]);
			if let Err(e) = ip(&["netns", "del", &host.netns]) {
				eprintln!("cannot remove the namespace {}: {e}", host.netns);
			}
		}
		if let Some(bridge) = self.bridge.take() {
			if let Err(e) = ip(&["link", "del", &bridge]) {
				eprintln!("cannot remove the bridge {bridge}: {e}");
			}
		}
		self.remove_leftovers();
	}
}
