//! # ect-agents
//!
//! The off-chain side of ECT (`spec/offchain.md`): the programs that do the
//! work the chain certifies. Each talks to a node over JSON-RPC/WebSocket
//! with its own key, so it can run anywhere; the node can also embed a whole
//! dev pool ([`devpool`]).
//!
//! - [`worker`]: joins its pool's scheduler, computes the tasks it is
//!   authorised for in the sandbox of `ect-runner`, contributes, reveals and
//!   uploads the result. It resumes across restarts from the chain and a
//!   small state file, and reports every failure as a typed outcome.
//! - [`scheduler`]: the workerpool manager. It initialises its deals' tasks,
//!   authorises workers by the replication rule, stores the results, and
//!   finalizes or reopens tasks.
//! - [`pool`]: how authorisations and results travel between the two: a
//!   JSON-RPC service the scheduler serves and workers call.
//! - [`bench`]: the throughput benchmark: a requester, a scheduler and many
//!   simulated workers in one process, measuring what the chain certifies.
//! - [`chain`], [`params`], [`results`], [`state_file`]: typed chain reads,
//!   task parameters, the results link and store, and crash-safe state.

pub mod bench;
pub mod chain;
pub mod devpool;
pub mod offers;
pub mod params;
pub mod pool;
pub mod results;
pub mod scheduler;
pub mod state_file;
pub mod worker;

/// A failing agent step is retried after this long.
pub const RETRY: std::time::Duration = std::time::Duration::from_secs(2);
