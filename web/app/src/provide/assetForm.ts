/** Registering an app or a dataset: name, URL, and the checksum computed in the browser from the file. */

import { InputError, checksumOf, registerApp, registerDataset, type Hex } from "@ect/sdk";

import type { Session } from "../chain/session.js";
import { field, h } from "../ui/dom.js";
import { needAccount, wire, type Kind } from "./common.js";

/** The checksum of the chosen file, or the one typed. */
async function checksumFrom(file: HTMLInputElement, typed: HTMLInputElement): Promise<Hex> {
  const chosen = file.files?.[0];
  if (chosen) return checksumOf(new Uint8Array(await chosen.arrayBuffer()));
  const value = typed.value.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new InputError("checksum", "choose the file, or give its blake2-256 checksum (0x and 64 hex digits)");
  return value as Hex;
}

/** The form that registers an app or a dataset; `onDone` is told its id. */
export function assetForm(session: Session, kind: "App" | "Dataset", onDone: (kind: Kind, id: number) => void): HTMLElement {
  const prefix = kind === "App" ? "app" : "dataset";
  const name = h("input", { id: `${prefix}-name`, required: true, placeholder: kind === "App" ? "hash" : "corpus" }) as HTMLInputElement;
  const url = h("input", { id: `${prefix}-url`, required: true, placeholder: "https://… (where the workers fetch it)", size: 40 }) as HTMLInputElement;
  const file = h("input", { id: `${prefix}-file`, type: "file" }) as HTMLInputElement;
  const checksum = h("input", { id: `${prefix}-checksum`, placeholder: "0x… (or choose the file)", size: 40 }) as HTMLInputElement;
  const fileNote = h("span");
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    checksum.value = checksumOf(new Uint8Array(await chosen.arrayBuffer()));
    fileNote.textContent = `${chosen.size} bytes`;
  });
  const cores = h("input", { id: `${prefix}-cores`, type: "number", min: 0, value: 0 }) as HTMLInputElement;
  const memory = h("input", { id: `${prefix}-memory`, type: "number", min: 0, value: 0 }) as HTMLInputElement;
  const button = h("button", { id: `${prefix}-register`, type: "submit" }, `Register the ${prefix}`) as HTMLButtonElement;
  const outcome = h("div", { id: `${prefix}-outcome` });
  const formEl = h(
    "form",
    { class: "provide-form" },
    h(
      "fieldset",
      null,
      h("legend", null, kind === "App" ? "Register an app (WASI preview 1)" : "Register a dataset"),
      field("Name", name),
      field("URL", url, "workers download it from here and check it against the checksum"),
      field("File", file, fileNote),
      field("Checksum", checksum, "blake2-256, computed in the browser from the file"),
      kind === "App" ? [field("CPU cores needed", cores), field("Memory needed (MiB)", memory)] : null,
      h("div", { class: "actions" }, button),
      outcome,
    ),
  ) as HTMLFormElement;
  wire(formEl, button, outcome, "Signing and registering…", async () => {
    const account = needAccount(session);
    const sum = await checksumFrom(file, checksum);
    const id =
      kind === "App"
        ? await registerApp(session.chain, account, { name: name.value, url: url.value, checksum: sum, requirements: { cpu_cores: Number(cores.value) || 0, memory_mib: Number(memory.value) || 0 } })
        : await registerDataset(session.chain, account, { name: name.value, url: url.value, checksum: sum });
    onDone(kind, id);
    return h(
      "p",
      { class: "notice", "data-outcome": "registered", "data-id": id },
      `${kind === "App" ? "App" : "Dataset"} #${id} “${name.value}” is registered. `,
      h("a", { href: `#/${prefix}/${id}` }, "See it in the store"),
      ". Publish an offer below so that it can be bought.",
    );
  });
  return formEl;
}

