"""The project's runtime APIs called from Python with substrate-interface,
which reads metadata V14 only: the types of the runtime APIs come from the
SDK's generated registry, web/sdk/runtime-apis/ect-runtime-apis.json.

Run by web/sdk/scripts/python-check.sh (which makes the virtualenv):

    python test_runtime_apis.py [--node PATH | --url ws://127.0.0.1:9944] [unittest options]

Without --url it starts a dev chain of its own (ect-node --dev --dev-pool 1, on
free ports) and stops it at the end; --node names the binary (default
$CARGO_TARGET_DIR/release/ect-node, CARGO_TARGET_DIR defaulting to
~/.cache/ect/target).
"""

import argparse
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

from scalecodec.base import RuntimeConfigurationObject
from scalecodec.type_registry import load_type_registry_preset
from substrateinterface import Keypair, SubstrateInterface

SDK = pathlib.Path(__file__).resolve().parents[2]
REGISTRY_FILE = SDK / "runtime-apis" / "ect-runtime-apis.json"
PROJECT_APIS = ["MarketplaceApi", "PocoApi", "ReputationApi", "BridgeApi", "CatalogApi"]
DEFAULT_CATEGORIES = ["XS", "S", "M", "L", "XL"]
# What every dev account is given at genesis: one million ECT of 12 decimals.
ENDOWMENT = 1_000_000 * 10**12

OPTIONS = argparse.Namespace(url=None, node=None)


def substrate_interface_types():
    """The type names substrate-interface has before the registry is loaded (its core
    registry and scalecodec's classes: loading a registry adds classes, so this is
    taken when the module is imported)."""
    core = RuntimeConfigurationObject()
    core.update_type_registry(load_type_registry_preset("core"))
    return set(core.type_registry["types"])


BUILTIN_TYPES = substrate_interface_types()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_free(port):
    """Whether `port` of 127.0.0.1 can be bound now."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_pair(tries=50):
    """A port p such that p and p + 1 were both free: the dev pool's service and its
    result store, which listens on the next port."""
    for _ in range(tries):
        port = free_port()
        if port < 65535 and is_free(port + 1):
            return port
    raise RuntimeError("no two adjacent free ports on 127.0.0.1")


class DevChain:
    """An ect-node --dev --dev-pool 1 on free ports, its log in a temporary directory."""

    def __init__(self, binary):
        self.dir = tempfile.mkdtemp(prefix="ect-py-")
        self.log_path = os.path.join(self.dir, "node.log")
        rpc, p2p, prometheus = (free_port() for _ in range(3))
        pool = free_pair()
        self.url = f"ws://127.0.0.1:{rpc}"
        args = [binary, "--dev", "--tmp", "--no-mdns", "--no-telemetry", "--dev-pool", "1",
                "--rpc-port", str(rpc), "--port", str(p2p), "--prometheus-port", str(prometheus),
                "--dev-pool-port", str(pool)]
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_ready(self, timeout=120):
        """Until the dev pool runs (its workerpool is registered and offered)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ect-node exited ({self.process.returncode}):\n{self.tail()}")
            if re.search(r"dev pool .*workers", self.tail(20000)):
                return
            time.sleep(0.5)
        raise RuntimeError(f"ect-node not ready within {timeout} s:\n{self.tail()}")

    def tail(self, size=2000):
        with open(self.log_path, "rb") as log:
            return log.read().decode(errors="replace")[-size:]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class RuntimeApisFromPython(unittest.TestCase):
    chain = None
    substrate = None

    @classmethod
    def setUpClass(cls):
        with open(REGISTRY_FILE) as f:
            cls.registry = json.load(f)
        url = OPTIONS.url
        if url is None:
            target = os.environ.get("CARGO_TARGET_DIR") or os.path.expanduser("~/.cache/ect/target")
            binary = OPTIONS.node or os.path.join(target, "release", "ect-node")
            if not os.access(binary, os.X_OK):
                # A missing node is a failure, not a skip: the check would
                # otherwise pass without calling anything.
                raise RuntimeError(f"no ect-node at {binary}: build it (scripts/run.sh) or pass --url")
            cls.chain = DevChain(binary)
            try:
                cls.chain.wait_ready()
            except Exception:
                cls.chain.stop()
                raise
            url = cls.chain.url
        cls.own_chain = cls.chain is not None
        cls.substrate = SubstrateInterface(url=url, type_registry=cls.registry)
        # Every read at one block, so that runtime calls and storage agree.
        cls.at = cls.substrate.get_chain_head()
        cls.alice = Keypair.create_from_uri("//Alice").ss58_address
        cls.ferdie = Keypair.create_from_uri("//Ferdie").ss58_address

    @classmethod
    def tearDownClass(cls):
        if cls.substrate is not None:
            cls.substrate.close()
        if cls.chain is not None:
            cls.chain.stop()

    def call(self, api, method, params):
        return self.substrate.runtime_call(api, method, params, block_hash=self.at).value

    def test_the_registry_covers_the_project_apis_and_shadows_no_type(self):
        self.assertEqual(list(self.registry["runtime_api"]), PROJECT_APIS)
        for api in PROJECT_APIS:
            self.assertTrue(self.registry["runtime_api"][api]["methods"], api)
        # Loading it must not redefine a type substrate-interface has.
        self.assertIn("h256", BUILTIN_TYPES)
        shadowed = [name for name in self.registry["types"] if name.lower() in BUILTIN_TYPES]
        self.assertEqual(shadowed, [])

    def test_catalog_categories(self):
        page = self.call("CatalogApi", "categories", [0, 10])
        names = [item["category"]["name"] for item in page["items"]]
        self.assertEqual(names[:5], DEFAULT_CATEGORIES)
        self.assertEqual([item["id"] for item in page["items"]][:5], [0, 1, 2, 3, 4])
        xs = page["items"][0]["category"]
        self.assertEqual(xs["description"], "extra small: up to 5 minutes")
        self.assertEqual((xs["work_clock_time_ref"], xs["max_fuel"]), (300, 300 * 10**9))
        if len(page["items"]) < 10:
            self.assertIsNone(page["next"])
        # The next page starts where this one said, and a short page says where the following one starts.
        self.assertEqual(self.call("CatalogApi", "categories", [0, 2])["next"], 2)
        self.assertEqual([item["id"] for item in self.call("CatalogApi", "categories", [2, 2])["items"]], [2, 3])

    def test_marketplace_funds(self):
        funds = self.call("MarketplaceApi", "funds", [self.alice])
        self.assertEqual(set(funds), {"free", "payment", "scheduler_stake", "worker_stake", "deposits"})
        account = self.substrate.query("System", "Account", [self.alice], block_hash=self.at).value
        self.assertEqual(funds["free"], account["data"]["free"])
        if self.own_chain:
            # A fresh dev chain: Alice holds her endowment and the fees of the blocks she authored,
            # and the protocol holds nothing of hers.
            self.assertGreaterEqual(funds["free"], ENDOWMENT)
            self.assertEqual([funds[k] for k in ("payment", "scheduler_stake", "worker_stake", "deposits")], [0, 0, 0, 0])

    def test_reputation_score(self):
        score = self.call("ReputationApi", "score", [self.alice])
        stored = self.substrate.query("Reputation", "Scores", [self.alice], block_hash=self.at).value
        self.assertIsInstance(score, int)
        self.assertEqual(score, stored)
        if self.own_chain:
            self.assertEqual(score, 0)  # Alice has never worked

    def test_the_dev_pool_and_its_offers(self):
        pools = self.call("CatalogApi", "workerpools", [0, 10])["items"]
        dev = [p for p in pools if p["workerpool"]["owner"] == self.ferdie]
        if not dev:
            self.skipTest("no workerpool of //Ferdie: not a dev cloud (--dev-pool)")
        pool = dev[0]
        self.assertEqual(pool["workerpool"]["description"], "ECT dev pool")
        # The catalogue's offers are the book's: MarketplaceApi.open_orders, its orders decoded as Order::Workerpool.
        book = self.call("MarketplaceApi", "open_orders", [{"Workerpool": pool["id"]}])
        offers = [order["Workerpool"] for (_, order, _) in book if "Workerpool" in order]
        self.assertTrue(offers)
        self.assertEqual(pool["offers"]["open"], len(offers))
        self.assertEqual(pool["offers"]["remaining"], sum(remaining for (_, order, remaining) in book if "Workerpool" in order))
        self.assertEqual(pool["offers"]["lowest_price"], min(o["price"] for o in offers))
        for (order_hash, _, _), offer in zip(book, offers):
            self.assertRegex(order_hash, r"^0x[0-9a-f]{64}$")
            self.assertEqual(offer["workerpool"], pool["id"])
            self.assertRegex(offer["salt"], r"^0x[0-9a-f]{64}$")
            restrict = offer["requester_restrict"]
            self.assertTrue(restrict == "Anyone" or set(restrict) <= {"Account", "Group"}, restrict)
        # The chain's own hash of an order (SCALE-encoded by substrate-interface from the registry) is the book's.
        order_hash, order, _ = book[0]
        self.assertEqual(self.call("MarketplaceApi", "order_hash", [order]), order_hash)

    def test_absent_values_decode_as_none(self):
        self.assertIsNone(self.call("PocoApi", "task", ["0x" + "00" * 32]))
        self.assertIsNone(self.call("MarketplaceApi", "deal", ["0x" + "00" * 32]))
        self.assertEqual(self.call("CatalogApi", "apps", [1_000_000, 10]), {"items": [], "next": None})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running node's WebSocket URL (default: start a dev chain)")
    parser.add_argument("--node", help="the ect-node binary to start")
    options, rest = parser.parse_known_args()
    OPTIONS.url, OPTIONS.node = options.url, options.node
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()
