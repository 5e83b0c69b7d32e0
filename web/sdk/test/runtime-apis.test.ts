import { readFileSync } from "node:fs";

import { decAnyMetadata, unifyMetadata } from "@polkadot-api/substrate-bindings";
import { describe, expect, it } from "vitest";

import { PROJECT_APIS, registryFile, runtimeApiRegistry } from "../scripts/runtime-api-types.js";

const metadata = new Uint8Array(readFileSync(new URL("../.papi/metadata/ect.scale", import.meta.url)));
const committed = readFileSync(new URL("../runtime-apis/ect-runtime-apis.json", import.meta.url), "utf8");
const withoutHeader = (text: string) => text.replace(/^\s*"_generated": .*\n/m, "");

describe("the runtime API registry for V14-only clients", () => {
  it("is the one the descriptors' metadata gives (else: npx tsx sdk/scripts/runtime-api-types.ts in web/)", () => {
    expect(withoutHeader(committed)).toBe(withoutHeader(registryFile(metadata, "test")));
  });

  it("names the APIs' types as substrate-interface reads them", () => {
    const registry = runtimeApiRegistry(unifyMetadata(decAnyMetadata(metadata)));
    expect(Object.keys(registry.runtime_api)).toEqual(PROJECT_APIS);
    const catalog = registry.runtime_api.CatalogApi as { methods: Record<string, { params: unknown; type: string }> };
    expect(catalog.methods.categories).toMatchObject({
      params: [
        { name: "from", type: "u32" },
        { name: "count", type: "u32" },
      ],
      type: "Page<CategoryListing>",
    });
    expect(registry.types["Page<CategoryListing>"]).toEqual({
      type: "struct",
      type_mapping: [
        ["items", "Vec<CategoryListing>"],
        ["next", "Option<u32>"],
      ],
    });
    // Bounded vectors of bytes are Bytes; accounts AccountId; enums list every variant.
    expect(registry.types.Category).toEqual({
      type: "struct",
      type_mapping: [
        ["name", "Bytes"],
        ["description", "Bytes"],
        ["work_clock_time_ref", "u64"],
        ["max_fuel", "u64"],
      ],
    });
    expect(registry.types.Curation).toEqual({ type: "enum", type_mapping: [["Listed", "Null"], ["Revoked", "Bytes"]] });
    const marketplace = registry.runtime_api.MarketplaceApi as { methods: Record<string, { params: Array<{ type: string }>; type: string }> };
    expect(marketplace.methods.funds!.params[0]!.type).toBe("AccountId");
    expect(marketplace.methods.open_orders!.type).toBe("Vec<(H256, Order, u32)>");
  });

  it("refuses metadata without runtime APIs", () => {
    const v14 = { ...unifyMetadata(decAnyMetadata(metadata)), version: 14 } as Parameters<typeof runtimeApiRegistry>[0];
    expect(() => runtimeApiRegistry(v14)).toThrow(/V15 or later/);
  });
});
