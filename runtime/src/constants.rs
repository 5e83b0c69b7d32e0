//! Chain-wide constants: block time, currency units, block limits.

use crate::{Balance, BlockNumber};

/// Target block time. The whitepaper asks for low latency when tasks are
/// submitted "en masse": one Aura slot, and so one block, every 2 seconds.
pub const MILLI_SECS_PER_BLOCK: u64 = 2_000;

/// Aura slot duration; one block per slot at most.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Blocks in one minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks in one hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks in one day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Decimals of the native token ECT.
pub const TOKEN_DECIMALS: u8 = 12;
/// Symbol of the native token.
pub const TOKEN_SYMBOL: &str = "ECT";
/// One ECT, in planck.
pub const UNIT: Balance = 1_000_000_000_000;
/// 10^-3 ECT.
pub const MILLI_UNIT: Balance = 1_000_000_000;
/// 10^-6 ECT.
pub const MICRO_UNIT: Balance = 1_000_000;

/// The least balance an account must keep to exist.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// SS58 address prefix (42: the generic Substrate prefix).
pub const SS58_PREFIX: u16 = 42;

/// Number of recent block hashes kept for mortal transactions.
pub const BLOCK_HASH_COUNT: BlockNumber = 2_400;
