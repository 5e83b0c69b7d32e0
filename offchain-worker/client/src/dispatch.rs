//! Naming why a call failed on chain: `Marketplace.RequesterCannotPay` and the
//! error's own documentation, read from the runtime's type information, so
//! that every agent and the CLI say what went wrong and what it means.

use polkadot_sdk::sp_runtime::{DispatchError, ModuleError};
use scale_info::{form::MetaForm, Type, TypeDef, TypeInfo};

use crate::runtime::RuntimeError;

/// A call that failed on chain, by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DispatchFailure {
	/// The pallet (`Marketplace`), or `System` for errors outside pallets.
	pub pallet: String,
	/// The error (`RequesterCannotPay`, `BadOrigin`, ...).
	pub error: String,
	/// The error's documentation: what it means and what to do.
	pub docs: String,
}

impl std::fmt::Display for DispatchFailure {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "{}.{}", self.pallet, self.error)?;
		if !self.docs.is_empty() {
			write!(f, ": {}", self.docs)?;
		}
		Ok(())
	}
}

impl DispatchFailure {
	/// Names `error`.
	pub fn new(error: &DispatchError) -> Self {
		match error {
			DispatchError::Module(module) => module_error(module).unwrap_or_else(|| Self {
				pallet: format!("pallet #{}", module.index),
				error: format!("error #{}", module.error[0]),
				docs: String::new(),
			}),
			other => Self { pallet: "System".into(), error: format!("{other:?}"), docs: String::new() },
		}
	}

	/// `Pallet.Error`.
	pub fn name(&self) -> String {
		format!("{}.{}", self.pallet, self.error)
	}
}

/// The pallet and variant of a module error, from the runtime's `RuntimeError`
/// type information (the same information the metadata carries).
fn module_error(module: &ModuleError) -> Option<DispatchFailure> {
	// The outer enum is indexed by pallet index; its variant's one field is
	// that pallet's `Error<T>`, indexed by the first error byte.
	let outer = RuntimeError::type_info();
	let pallet = variants(&outer)?.iter().find(|v| v.index == module.index)?;
	let inner = pallet.fields.first()?.ty.type_info();
	let error = variants(&inner)?.iter().find(|v| v.index == module.error[0])?;
	Some(DispatchFailure {
		pallet: pallet.name.to_string(),
		error: error.name.to_string(),
		docs: error.docs.iter().map(|line| line.trim()).collect::<Vec<_>>().join(" "),
	})
}

fn variants(ty: &Type<MetaForm>) -> Option<&[scale_info::Variant<MetaForm>]> {
	match &ty.type_def {
		TypeDef::Variant(def) => Some(&def.variants),
		_ => None,
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;

	#[test]
	fn module_errors_are_named_with_their_docs() {
		let bytes = crate::runtime::RuntimeError::Balances(
			polkadot_sdk::pallet_balances::Error::<crate::runtime::Runtime>::InsufficientBalance,
		)
		.encode();
		let error = DispatchError::Module(ModuleError { index: bytes[0], error: [bytes[1], 0, 0, 0], message: None });
		let failure = DispatchFailure::new(&error);
		assert_eq!(failure.name(), "Balances.InsufficientBalance");
		assert!(failure.docs.contains("Balance too low"), "{}", failure.docs);
	}

	#[test]
	fn other_errors_are_named_by_their_kind() {
		assert_eq!(DispatchFailure::new(&DispatchError::BadOrigin).name(), "System.BadOrigin");
		let unknown = DispatchError::Module(ModuleError { index: 250, error: [0; 4], message: None });
		assert_eq!(DispatchFailure::new(&unknown).pallet, "pallet #250");
	}
}
