//! Tags and machine resources: what orders and deals require and what
//! workerpools offer (`protocol.md` §3).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A 32-byte bit set of features (`protocol.md` §3). Bit 0 is TEE, bit 8 is GPU.
#[derive(
	Clone, Copy, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Tag(pub [u8; 32]);

impl Tag {
	/// No feature.
	pub const NONE: Tag = Tag([0; 32]);
	/// The TEE bit (bit 0, in the last byte, as in iExec's `bytes32` tags).
	pub const TEE: Tag = Tag::bit(0);
	/// The GPU bit (bit 8).
	pub const GPU: Tag = Tag::bit(8);

	/// The tag with only bit `n` (0..256) set.
	pub const fn bit(n: u8) -> Tag {
		let mut bytes = [0u8; 32];
		bytes[31 - (n / 8) as usize] = 1 << (n % 8);
		Tag(bytes)
	}

	/// The features of both tags.
	pub fn union(&self, other: &Tag) -> Tag {
		let mut bytes = self.0;
		for (byte, o) in bytes.iter_mut().zip(other.0.iter()) {
			*byte |= o;
		}
		Tag(bytes)
	}

	/// Whether every feature of `self` is also in `other`.
	pub fn is_subset_of(&self, other: &Tag) -> bool {
		self.0.iter().zip(other.0.iter()).all(|(a, b)| a & !b == 0)
	}

	/// Whether the TEE bit is set.
	pub fn has_tee(&self) -> bool {
		Tag::TEE.is_subset_of(self)
	}
}

/// A processor architecture; `Any` as a requirement accepts every one.
#[derive(
	Clone, Copy, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum CpuArch {
	/// No requirement / not advertised.
	#[default]
	Any,
	/// x86-64.
	X86_64,
	/// 64-bit ARM.
	Aarch64,
	/// 64-bit RISC-V.
	Riscv64,
}

/// Machine resources [beyond]: what a workerpool order's machines offer
/// (capabilities), or the minimums an app or a request needs (requirements).
/// A small, fixed-schema version of Condor ClassAds.
#[derive(
	Clone, Copy, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Resources {
	/// CPU cores.
	pub cpu_cores: u16,
	/// Memory, MiB.
	pub memory_mib: u32,
	/// Disk, MiB.
	pub disk_mib: u32,
	/// GPU memory, MiB.
	pub gpu_memory_mib: u32,
	/// Processor architecture.
	pub cpu_arch: CpuArch,
	/// Region code; 0 means any region.
	pub region: u16,
}

impl Resources {
	/// Whether these capabilities meet every minimum of `requirements`: each
	/// amount at least the required one, and the architecture and region
	/// equal to the required ones unless those are `Any` / 0.
	pub fn satisfies(&self, requirements: &Resources) -> bool {
		self.cpu_cores >= requirements.cpu_cores &&
			self.memory_mib >= requirements.memory_mib &&
			self.disk_mib >= requirements.disk_mib &&
			self.gpu_memory_mib >= requirements.gpu_memory_mib &&
			(requirements.cpu_arch == CpuArch::Any || self.cpu_arch == requirements.cpu_arch) &&
			(requirements.region == 0 || self.region == requirements.region)
	}

	/// The minimums of both `self` and `other` (an app's and a request's
	/// requirements, say): the larger of each amount, and the architecture
	/// and region of `self` unless it names none (`Any` / 0), then
	/// `other`'s. Whatever satisfies the result satisfies both whenever some
	/// machine can (two different architectures or regions are never both
	/// met; matching refuses them before a deal combines them).
	pub fn combined(&self, other: &Resources) -> Resources {
		Resources {
			cpu_cores: self.cpu_cores.max(other.cpu_cores),
			memory_mib: self.memory_mib.max(other.memory_mib),
			disk_mib: self.disk_mib.max(other.disk_mib),
			gpu_memory_mib: self.gpu_memory_mib.max(other.gpu_memory_mib),
			cpu_arch: if self.cpu_arch == CpuArch::Any { other.cpu_arch } else { self.cpu_arch },
			region: if self.region == 0 { other.region } else { self.region },
		}
	}
}
