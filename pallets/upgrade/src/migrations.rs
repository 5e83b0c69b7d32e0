//! Storage migrations of this pallet (it has no storage yet), one module per storage version step
//! (`v1`, `v2`, ...), each a `VersionedMigration` from version N to N + 1
//! with its `pre_upgrade` / `post_upgrade` checks.
//!
//! The pallet is at storage version 0, the layout it launched with: no
//! migration exists yet. [`Unreleased`] is what the runtime's `Migrations`
//! tuple takes from this pallet.

/// The migrations not yet released in a runtime (none).
pub type Unreleased = ();
