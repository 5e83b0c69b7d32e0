//! The traits through which one pallet uses another, one concept per file.

mod callback;
mod escrow;
mod market;
mod registry;
mod reputation;

pub use callback::ResultCallback;
pub use escrow::{Escrow, LockReason, Pot};
pub use market::{DealProvider, RequestMarket};
pub use registry::{AssetRegistry, StorageDeposits};
pub use reputation::{PoolReputation, WorkerReputation};
