//! The ECT bridge relayer (see `docs/design/bridge.md`).

/// The Ethereum contracts' bindings, from the ABI that `contracts/build.sh` generates.
pub mod contracts {}
