/**
 * The project's runtime APIs for clients that read only metadata V14, such as
 * Python's `substrate-interface`: runtime API types are in metadata V15 and
 * later, so such clients are given them in a type registry of their own
 * format, `runtime-apis/ect-runtime-apis.json`:
 *
 *   { "types": { name: definition, … },
 *     "runtime_api": { Api: { "methods": { method: { "description", "params": [{ "name", "type" }], "type" } } } } }
 *
 * generated here from the runtime's metadata (V15 or later): by default the
 * SDK's `.papi/metadata/ect.scale` (what the descriptors come from), or
 * `--metadata FILE`, or a node's `Metadata_metadata_at_version(15)` with
 * `--url`: each gives the same registry (only the header naming the source
 * differs, and `--check` ignores it).
 *
 * How types are written (scalecodec's type strings):
 * - primitives as `u32`, `u128`, `bool`; `Vec<u8>` as `Bytes`; other
 *   sequences `Vec<T>`; arrays `[T; N]`; `Option<T>`; `Compact<T>`; tuples `(A, B)`;
 * - `AccountId32` as `AccountId`, `H160`/`H256` as themselves (the types
 *   substrate-interface has: an SS58 address, hex);
 * - a struct or newtype of one unnamed field (a `BoundedVec`, `Tag`) as its field;
 * - a struct as `{"type": "struct", "type_mapping": [[field, type], …]}`, an
 *   enum as `{"type": "enum", "type_mapping": [[variant, type or "Null"], …]}`,
 *   named by the last segment of its Rust path, with its type parameters
 *   when the runtime has several instances of it (`Page<AppListing>`).
 *
 * Usage: tsx scripts/runtime-api-types.ts [--check] [--metadata FILE | --url URL] [--out FILE]
 *   (no flag)  writes the file
 *   --check    fails (exit 1) if the file differs from what the metadata gives
 */

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { Bytes, Option, decAnyMetadata, unifyMetadata } from "@polkadot-api/substrate-bindings";

/** The project's own runtime APIs, in this order in the file. */
export const PROJECT_APIS = ["MarketplaceApi", "PocoApi", "ReputationApi", "BridgeApi", "CatalogApi"];

const sdk = join(dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_METADATA = join(sdk, ".papi/metadata/ect.scale");
const DEFAULT_OUT = join(sdk, "runtime-apis/ect-runtime-apis.json");

type Metadata = ReturnType<typeof unifyMetadata>;
type LookupEntry = Metadata["lookup"][number];

/** A type definition of scalecodec's registry format. */
type Definition =
  | { type: "struct"; type_mapping: Array<[string, string]> }
  | { type: "tuple"; type_mapping: string[] }
  | { type: "enum"; type_mapping: Array<[string | null, string | Record<string, string>]> };

/** Types substrate-interface knows by these names, by their Rust path. */
const KNOWN: Record<string, string> = {
  "sp_core::crypto::AccountId32": "AccountId",
  "primitive_types::H160": "H160",
  "primitive_types::H256": "H256",
  "primitive_types::H512": "H512",
};

/** The registry of the project's runtime APIs, from unified metadata (V15 or later). */
export function runtimeApiRegistry(metadata: Metadata, apis: string[] = PROJECT_APIS) {
  if (metadata.version < 15) throw new Error(`metadata V${metadata.version} has no runtime APIs: V15 or later is needed`);
  const { lookup } = metadata;
  const refs = new Map<number, string>();
  const types = new Map<string, { id: number; definition: Definition }>();
  const pathOf = (entry: LookupEntry) => entry.path.join("::");
  // How many type ids share each path: those of a generic type with several instances are named with their parameters.
  const instances = new Map<string, number>();
  for (const entry of lookup) if (entry.path.length > 0) instances.set(pathOf(entry), (instances.get(pathOf(entry)) ?? 0) + 1);

  const unsupported = (entry: LookupEntry, what: string): never => {
    throw new Error(`type ${entry.id} (${pathOf(entry) || entry.def.tag}): ${what} has no scalecodec form here; extend scripts/runtime-api-types.ts`);
  };

  /** The name of a named (struct or enum) type. */
  const nameOf = (entry: LookupEntry): string => {
    const base = entry.path[entry.path.length - 1]!;
    const params = entry.params.filter((p) => p.type !== undefined).map((p) => ref(p.type!));
    return params.length > 0 && (instances.get(pathOf(entry)) ?? 0) > 1 ? `${base}<${params.join(", ")}>` : base;
  };

  /**
   * Registers a named definition. Two types of one name must be the same
   * (instances of a type whose parameters are constants); different ones
   * are an error, to be told apart here.
   */
  const define = (entry: LookupEntry, name: string, build: () => Definition): string => {
    refs.set(entry.id, name);
    const taken = types.get(name);
    if (!taken) {
      types.set(name, { id: entry.id, definition: { type: "tuple", type_mapping: [] } }); // while its fields are named
      types.set(name, { id: entry.id, definition: build() });
    } else if (taken.id !== entry.id && JSON.stringify(build()) !== JSON.stringify(taken.definition)) {
      const other = lookup[taken.id]!;
      throw new Error(`two different types are named ${name}: ${pathOf(other)} (${taken.id}) and ${pathOf(entry)} (${entry.id})`);
    }
    return name;
  };

  /** A tuple of these element types, inline as `(A, B)` (scalecodec splits it at commas). */
  const tuple = (elements: string[]): string => {
    if (elements.length === 0) return "Null";
    if (elements.length === 1) return elements[0]!;
    if (elements.some((e) => e.includes(","))) throw new Error(`a tuple of ${elements.join("; ")} cannot be written inline`);
    return `(${elements.join(", ")})`;
  };

  const ref = (id: number): string => {
    const cached = refs.get(id);
    if (cached) return cached;
    const entry = lookup[id];
    if (!entry) throw new Error(`the metadata has no type ${id}`);
    const path = pathOf(entry);
    let result: string;
    const known = KNOWN[path];
    if (known) {
      result = known;
    } else if (path === "Option") {
      result = `Option<${ref(entry.params[0]!.type!)}>`;
    } else {
      const def = entry.def;
      switch (def.tag) {
        case "primitive":
          result = def.value.tag === "str" ? "Str" : def.value.tag === "char" ? unsupported(entry, "char") : def.value.tag;
          break;
        case "compact":
          result = `Compact<${ref(def.value)}>`;
          break;
        case "sequence": {
          const item = ref(def.value);
          result = item === "u8" ? "Bytes" : `Vec<${item}>`;
          break;
        }
        case "array": {
          const item = ref(def.value.type);
          if (!/^[A-Za-z0-9]+$/.test(item)) unsupported(entry, `an array of ${item}`);
          result = `[${item}; ${def.value.len}]`;
          break;
        }
        case "tuple":
          result = tuple(def.value.map(ref));
          break;
        case "bitSequence":
          return unsupported(entry, "a bit sequence");
        case "composite": {
          const fields = def.value;
          if (fields.length === 0) result = "Null";
          else if (fields.length === 1 && !fields[0]!.name) result = ref(fields[0]!.type);
          else if (entry.path.length === 0) return unsupported(entry, "a struct without a path");
          else if (fields.every((f) => f.name)) {
            result = define(entry, nameOf(entry), () => ({ type: "struct", type_mapping: fields.map((f) => [f.name!, ref(f.type)]) }));
          } else {
            result = define(entry, nameOf(entry), () => ({ type: "tuple", type_mapping: fields.map((f) => ref(f.type)) }));
          }
          break;
        }
        case "variant": {
          if (entry.path.length === 0) return unsupported(entry, "an enum without a path");
          result = define(entry, nameOf(entry), () => {
            const slots = Math.max(-1, ...def.value.map((v) => v.index)) + 1;
            const mapping: Array<[string | null, string | Record<string, string>]> = Array.from({ length: slots }, () => [null, "Null"]);
            for (const variant of def.value) {
              const { fields } = variant;
              let value: string | Record<string, string>;
              if (fields.length === 0) value = "Null";
              else if (fields.every((f) => f.name)) value = Object.fromEntries(fields.map((f) => [f.name!, ref(f.type)]));
              else value = tuple(fields.map((f) => ref(f.type)));
              mapping[variant.index] = [variant.name, value];
            }
            return { type: "enum", type_mapping: mapping };
          });
          break;
        }
      }
    }
    refs.set(id, result);
    return result;
  };

  const docs = (lines: string[]) => lines.map((line) => line.trim()).filter(Boolean).join(" ");
  const runtimeApi: Record<string, unknown> = {};
  for (const name of apis) {
    const api = metadata.apis.find((a) => a.name === name);
    if (!api) throw new Error(`the runtime has no ${name}`);
    runtimeApi[name] = {
      description: docs(api.docs),
      methods: Object.fromEntries(
        api.methods.map((method) => [
          method.name,
          {
            description: docs(method.docs),
            params: method.inputs.map((input) => ({ name: input.name, type: ref(input.type) })),
            type: ref(method.output),
          },
        ]),
      ),
    };
  }
  const sorted = [...types.keys()].sort((a, b) => a.localeCompare(b, "en"));
  return {
    types: Object.fromEntries(sorted.map((name) => [name, types.get(name)!.definition])),
    runtime_api: runtimeApi,
  };
}

/** JSON with two-space indentation, arrays of strings and short flat objects on one line. */
export function formatJson(value: unknown, indent = ""): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const flat = (v: unknown) => v === null || typeof v !== "object" || (!Array.isArray(v) && Object.values(v).every((w) => w === null || typeof w !== "object"));
    const line = `[${value.map((v) => formatJson(v, inner)).join(", ")}]`;
    if (value.every(flat) && !line.includes("\n") && line.length <= 80) return line;
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const flat = entries.every(([, v]) => v === null || typeof v !== "object");
    const line = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ")} }`;
    if (flat && line.length <= 80) return line;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** The file's text for a metadata (SCALE, V15 or later, opaque or not). */
export function registryFile(metadata: Uint8Array, source: string): string {
  const unified = unifyMetadata(decAnyMetadata(metadata));
  const registry = runtimeApiRegistry(unified);
  const header = {
    _generated: `by web/sdk/scripts/runtime-api-types.ts from ${source} (metadata V${unified.version}); do not edit: regenerate`,
  };
  return `${formatJson({ ...header, ...registry })}\n`;
}

/** A node's metadata V15 (`Metadata_metadata_at_version(15)`), over its HTTP JSON-RPC. */
async function nodeMetadataV15(url: string): Promise<Uint8Array> {
  const http = url.replace(/^ws(s?):/, "http$1:");
  const response = await fetch(http, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: 1, jsonrpc: "2.0", method: "state_call", params: ["Metadata_metadata_at_version", "0x0f000000"] }),
  });
  const body = (await response.json()) as { result?: string; error?: unknown };
  if (!body.result) throw new Error(`${http}: ${JSON.stringify(body.error)}`);
  const metadata = Option(Bytes()).dec(body.result);
  if (!metadata) throw new Error(`${http}: the runtime has no metadata V15`);
  return metadata;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const known = new Set(["--check", "--metadata", "--url", "--out"]);
  const unknown = args.filter((a, i) => a.startsWith("--") && !known.has(a) && !(i > 0 && ["--metadata", "--url", "--out"].includes(args[i - 1]!)));
  if (unknown.length > 0) {
    console.error(`usage: runtime-api-types.ts [--check] [--metadata FILE | --url URL] [--out FILE] (unknown: ${unknown.join(" ")})`);
    return 2;
  }
  const out = value("--out") ?? DEFAULT_OUT;
  const url = value("--url");
  const file = value("--metadata") ?? DEFAULT_METADATA;
  const repo = join(sdk, "../..");
  const text = url
    ? registryFile(await nodeMetadataV15(url), `Metadata_metadata_at_version(15) of ${url}`)
    : registryFile(new Uint8Array(readFileSync(file)), relative(repo, file));
  // The source named in the header is not part of the comparison: any metadata source of the same runtime gives the same file.
  const body = (t: string) => t.replace(/^\s*"_generated": .*\n/m, "");
  const shown = relative(repo, out);
  if (args.includes("--check")) {
    let committed = "";
    try {
      committed = readFileSync(out, "utf8");
    } catch {
      console.error(`${shown} is missing: run 'npx tsx sdk/scripts/runtime-api-types.ts' in web/`);
      return 1;
    }
    if (body(committed) !== body(text)) {
      console.error(`${shown} differs from what the runtime's metadata gives: run 'npx tsx sdk/scripts/runtime-api-types.ts' in web/ and commit it`);
      return 1;
    }
    console.log(`${shown} up to date`);
    return 0;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`${shown} written`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit(
    await main().catch((error: unknown) => {
      console.error(`runtime-api-types: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }),
  );
}
