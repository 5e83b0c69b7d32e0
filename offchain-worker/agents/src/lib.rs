//! # ect-agents
//!
//! The off-chain side of ECT (`spec/offchain.md`): the programs that do the
//! work the chain certifies. Each talks to a node over JSON-RPC/WebSocket
//! with its own key, so it can run anywhere; the node can also embed a whole
//! dev pool ([`devpool`]).
//!
//! - [`worker`]: joins its pool's scheduler, reporting its machine's
//!   capabilities, computes the tasks it is authorised for in the sandbox
//!   of `ect-runner`, contributes, reveals and uploads the result. It
//!   resumes across restarts from the chain and a small state file, and
//!   reports every failure as a typed outcome.
//! - [`scheduler`]: the workerpool manager. It initialises its deals' tasks,
//!   authorises workers that meet their deals' requirements by the
//!   replication rule, stores the results, and finalizes or reopens tasks.
//! - [`pool`]: how authorisations travel between the two: a JSON-RPC
//!   service the scheduler serves and workers call, joined by answering a
//!   signed challenge, bounded in every call.
//! - [`store`]: the result store, a content-addressed HTTP store of result
//!   bundles that takes uploads only from workers authorised for the task;
//!   the scheduler serves its pool's, `ect store` runs one on its own.
//! - [`metrics`]: the chain gauges both agents serve to Prometheus.
//! - [`params`]: a task's parameters: arguments, input files by URL, and
//!   the result store the requester names.
//!
//! What the agents share with the relayer, the CLI and the tests is in
//! `ect-client` (typed chain reads and the chain's clock in
//! `ect_client::reads`, offers in `ect_client::offers`, crash-safe state in
//! `ect_client::state_file`) and `ect-runner` (the results link and its check
//! in `ect_runner::results`); the throughput benchmark,
//! which simulates them, is the crate `ect-bench`.

pub mod devpool;
pub mod metrics;
pub mod params;
pub mod pool;
pub mod scheduler;
pub mod store;
pub mod worker;

/// A failing agent step is retried after this long.
pub const RETRY: std::time::Duration = std::time::Duration::from_secs(2);
