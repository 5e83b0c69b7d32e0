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
//! - [`params`]: a task's parameters, as the worker runs the app with them
//!   and the scheduler finds where else to store the result.
//!
//! What the agents share with the relayer, the CLI and the tests is in
//! `ect-client` (typed chain reads and the chain's clock in
//! `ect_client::reads`, offers in `ect_client::offers`, crash-safe state in
//! `ect_client::state_file`) and `ect-runner` (the results link, its check
//! and the bundle store in `ect_runner::results`); the throughput benchmark,
//! which simulates them, is the crate `ect-bench`.

pub mod devpool;
pub mod params;
pub mod pool;
pub mod scheduler;
pub mod worker;

/// A failing agent step is retried after this long.
pub const RETRY: std::time::Duration = std::time::Duration::from_secs(2);
