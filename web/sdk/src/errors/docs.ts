/**
 * The runtime's own documentation of its module errors, read from its
 * metadata: the fallback message for an error the hints map does not know.
 */

import { decAnyMetadata, unifyMetadata } from "@polkadot-api/substrate-bindings";

/** Looks up the documentation of `Pallet.Error`. */
export type ErrorDocs = (pallet: string, error: string) => string | undefined;

/** No documentation at all. */
export const noDocs: ErrorDocs = () => undefined;

/** The error documentation of a SCALE-encoded metadata blob. */
export function errorDocs(metadata: Uint8Array): ErrorDocs {
  const unified = unifyMetadata(decAnyMetadata(metadata));
  const types = new Map(unified.lookup.map((entry) => [entry.id, entry]));
  const docs = new Map<string, string>();
  for (const pallet of unified.pallets) {
    const errors = pallet.errors && types.get(pallet.errors.type);
    if (!errors || errors.def.tag !== "variant") continue;
    for (const variant of errors.def.value) {
      const text = variant.docs.map((line) => line.trim()).join(" ").trim();
      if (text) docs.set(`${pallet.name}.${variant.name}`, text);
    }
  }
  return (pallet, error) => docs.get(`${pallet}.${error}`);
}
