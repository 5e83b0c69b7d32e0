/**
 * The chain's types, as PAPI decodes them, named. They are derived from the
 * descriptors generated from the runtime's metadata, so they follow the
 * runtime: a changed field shows up here as a type error.
 */

import type { EctApis, EctCalls, EctQueries } from "@polkadot-api/descriptors";
import type { PolkadotSigner, SS58String } from "polkadot-api";

/** Any order: `{type: "App" | "Dataset" | "Workerpool" | "Request", value}`. */
export type Order = EctApis["MarketplaceApi"]["order_hash"]["Args"][0];
/** The four order kinds. */
export type OrderKind = Order["type"];
/** An app owner's offer. */
export type AppOrder = Extract<Order, { type: "App" }>["value"];
/** A dataset owner's offer. */
export type DatasetOrder = Extract<Order, { type: "Dataset" }>["value"];
/** A workerpool's offer. */
export type WorkerpoolOrder = Extract<Order, { type: "Workerpool" }>["value"];
/** A requester's request for tasks. */
export type RequestOrder = Extract<Order, { type: "Request" }>["value"];
/** A restriction of who may use an order: anyone, one account, a group's members. */
export type Restriction = AppOrder["requester_restrict"];
/** Machine requirements or capabilities. */
export type Resources = RequestOrder["requirements"];
/** Where a certified result's callback goes. */
export type CallbackTarget = NonNullable<RequestOrder["callback"]>;
/** An order with its owner's signature (`undefined`: presigned or published). */
export type SignedOrder<O> = { order: O; signature: MultiSignature | undefined };
/** A `MultiSignature`: `{type: "Sr25519" | "Ed25519" | "Ecdsa", value: hex}`. */
export type MultiSignature = NonNullable<EctCalls["Marketplace"]["match_orders"]["app_order"]["signature"]>;
/** What the chain knows of an order hash. */
export type OrderState = EctApis["MarketplaceApi"]["order_state"]["Value"];
/** A deal. */
export type Deal = NonNullable<EctApis["MarketplaceApi"]["deal"]["Value"]>;
/** A task's full record. */
export type Task = NonNullable<EctApis["PocoApi"]["task"]["Value"]>;
/** A task's status. */
export type TaskStatus = Task["status"]["type"];
/** A contribution of a worker to a task. */
export type Contribution = EctApis["PocoApi"]["contributions"]["Value"][number][1];
/** A registered app. */
export type App = NonNullable<EctQueries["Registry"]["Apps"]["Value"]>;
/** A registered dataset. */
export type Dataset = NonNullable<EctQueries["Registry"]["Datasets"]["Value"]>;
/** A registered workerpool. */
export type Workerpool = NonNullable<EctQueries["Registry"]["Workerpools"]["Value"]>;
/** A task category. */
export type Category = NonNullable<EctQueries["Registry"]["Categories"]["Value"]>;
/** The app store's verdict on an app: listed, or revoked with a reason. */
export type Curation = NonNullable<EctQueries["Registry"]["AppStore"]["Value"]>;
/** Completed and failed tasks of a workerpool or an app. */
export type TaskRecord = EctApis["ReputationApi"]["app_record"]["Value"];
/** An asset: `{type: "App" | "Dataset" | "Workerpool", value: id}`. */
export type AssetRef = EctApis["MarketplaceApi"]["open_orders"]["Args"][0];
/** A workerpool's policy. */
export type PoolPolicy = Workerpool["policy"];
/** An account's funds as the protocol sees them. */
export type Funds = EctApis["MarketplaceApi"]["funds"]["Value"];

/** A signing account: its address and a PAPI signer for its transactions. */
export interface Account {
  /** Its SS58 address. */
  address: SS58String;
  /** What signs its transactions (a keypair, or a browser extension's account). */
  signer: PolkadotSigner;
}
