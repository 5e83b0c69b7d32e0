//! # ect-e2e: end-to-end tests over real processes
//!
//! The harness the tests in `tests/` stand on. It starts real `ect-node`
//! processes on free loopback ports with temporary base paths, talks to them
//! over JSON-RPC, and cleans up whatever happens:
//!
//! - every process is killed when its [`Node`] is dropped (also on panic), and
//!   dies with the test process (`PR_SET_PDEATHSIG`) if that is killed;
//! - every test runs under [`with_timeout`];
//! - logs and databases live in a [`WorkDir`] that is deleted after a passing
//!   test and kept (its path printed) after a failing one;
//! - a test that puts each party on a host of its own does so with a
//!   [`Network`] of namespaces, removed when dropped.
//!
//! Waiting is done on events (log lines, block subscriptions), never on sleeps.

pub mod agent;
pub mod cloud;
pub mod council;
pub mod ethereum;
pub mod events;
pub mod netns;
pub mod node;
pub mod outsider;
pub mod validators;
pub mod wait;
pub mod workdir;

pub use agent::{app_path, cli, cli_json, json_text, Agent, CliOutput};
pub use netns::{Host, Network};
pub use node::{Node, NodeConfig};
pub use wait::{http_get, with_timeout, FinalityWatch};
pub use workdir::WorkDir;
