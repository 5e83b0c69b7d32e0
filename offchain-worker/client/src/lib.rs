//! # ect-client
//!
//! The client code every ECT off-chain agent shares (worker, scheduler, CLI,
//! relayer) and the end-to-end tests use: a JSON-RPC/WebSocket connection to a
//! node ([`Rpc`]), the facts a transaction is signed against ([`ChainInfo`]),
//! signed extrinsics in the runtime's exact format ([`Signer`]), reading
//! storage and events ([`storage`]), submitting a transaction and following
//! it to finality ([`submit`]), sending many transactions of one account at
//! once, each with its own events back ([`tx`]), and naming on-chain errors
//! ([`dispatch`]).

pub mod chain;
pub mod dispatch;
pub mod error;
pub mod rpc;
pub mod signer;
pub mod storage;
pub mod submit;
pub mod tx;

pub use chain::ChainInfo;
pub use error::{Error, Result};
pub use rpc::Rpc;
pub use signer::{Mortality, Signer};
pub use dispatch::DispatchFailure;
pub use submit::{TxOutcome, TxStage};
pub use tx::{Included, Sender};

/// The runtime this client speaks to: its types are the wire format.
pub use ect_runtime as runtime;
