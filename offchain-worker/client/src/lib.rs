//! # ect-client
//!
//! The client code every ECT off-chain program shares (worker, scheduler, CLI,
//! relayer, throughput benchmark) and the end-to-end tests use: a
//! JSON-RPC/WebSocket connection to a node ([`Rpc`]), the facts a
//! transaction is signed against ([`ChainInfo`]), signed extrinsics in the
//! runtime's exact format ([`Signer`]), reading storage and events
//! ([`storage`]), submitting a transaction and following it to finality
//! ([`submit`]), sending many transactions of one account at once, each with
//! its own events back ([`tx`]), and naming on-chain errors ([`dispatch`]).
//!
//! With them, the utilities the agents, the relayer and the CLI all use:
//! typed reads of deals, tasks, assets and workerpools, the chain's clock and
//! height, and new orders' expiry blocks ([`reads`]), open offers as the
//! agents, the benchmark and the tests publish them and the orders' default
//! lifetime ([`offers`]), small crash-safe state files
//! ([`state_file`]), and Prometheus metrics served over HTTP ([`metrics`]).

pub mod chain;
pub mod dispatch;
pub mod error;
pub mod metrics;
pub mod offers;
pub mod reads;
pub mod rpc;
pub mod signer;
pub mod state_file;
pub mod storage;
pub mod submit;
pub mod tx;

pub use chain::ChainInfo;
pub use error::{Error, Result};
pub use rpc::Rpc;
pub use signer::{Mortality, Signer};
pub use dispatch::DispatchFailure;
pub use state_file::{StateFile, StateFileError};
pub use submit::{TxOutcome, TxStage};
pub use tx::{Included, Sender};

/// The runtime this client speaks to: its types are the wire format.
pub use ect_runtime as runtime;
