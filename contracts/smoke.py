"""Checks of the bridge contracts against a running anvil node, over plain JSON-RPC.

Usage: python3 smoke.py RPC_URL CONTRACTS_DIR   (run by smoke.sh, which starts anvil)

Keccak-256 comes from the js-sha3 module that the solc npm package installs (Python's
hashlib.sha3_256 is the NIST variant, not Ethereum's keccak).
"""

import json
import subprocess
import sys
import time
import urllib.request

RPC_URL, CONTRACTS_DIR = sys.argv[1], sys.argv[2]
WEI_PER_UNIT = 10**6

# --- keccak, through one long-lived node process ---------------------------------------------

_KECCAK_JS = (
    "const k = require('js-sha3').keccak256;"
    "require('readline').createInterface({input: process.stdin})"
    ".on('line', (l) => process.stdout.write(k(Buffer.from(l, 'hex')) + '\\n'));"
)
_keccak_proc = subprocess.Popen(
    ["node", "-e", _KECCAK_JS], cwd=CONTRACTS_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
)


def keccak(data: bytes) -> bytes:
    _keccak_proc.stdin.write(data.hex() + "\n")
    _keccak_proc.stdin.flush()
    return bytes.fromhex(_keccak_proc.stdout.readline().strip())


def selector(signature: str) -> bytes:
    return keccak(signature.encode())[:4]


# --- ABI encoding (just the types used here) ------------------------------------------------


def word(n: int) -> bytes:
    return n.to_bytes(32, "big")


def _dynamic(t: str) -> bool:
    return t in ("bytes", "string") or t.endswith("[]")


def _encode_one(t: str, v) -> bytes:
    if t == "bytes":
        return word(len(v)) + v + b"\0" * (-len(v) % 32)
    if t.endswith("[]"):
        return word(len(v)) + encode([t[:-2]] * len(v), v)
    if t == "address":
        return word(int(v, 16))
    if t == "bytes32":
        assert len(v) == 32
        return v
    if t == "bool":
        return word(1 if v else 0)
    if t.startswith("uint"):
        return word(v)
    raise ValueError(t)


def encode(types, values) -> bytes:
    heads, tails = [], b""
    for t, v in zip(types, values):
        if _dynamic(t):
            heads.append(word(32 * len(types) + len(tails)))
            tails += _encode_one(t, v)
        else:
            heads.append(_encode_one(t, v))
    return b"".join(heads) + tails


def calldata(signature: str, *values) -> bytes:
    types = signature[signature.index("(") + 1 : -1].split(",") if not signature.endswith("()") else []
    return selector(signature) + encode(types, values)


def words(data: bytes):
    return [int.from_bytes(data[i : i + 32], "big") for i in range(0, len(data), 32)]


def decode_bytes(data: bytes, offset: int) -> bytes:
    length = int.from_bytes(data[offset : offset + 32], "big")
    return data[offset + 32 : offset + 32 + length]


# --- JSON-RPC ----------------------------------------------------------------------------------


class RpcError(Exception):
    def __init__(self, error):
        super().__init__(error.get("message"))
        self.error = error


def rpc(method, *params):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}).encode()
    req = urllib.request.Request(RPC_URL, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        answer = json.load(resp)
    if "error" in answer:
        raise RpcError(answer["error"])
    return answer["result"]


def send(sender, to, data: bytes, value=0, gas=None):
    tx = {"from": sender, "data": "0x" + data.hex(), "value": hex(value)}
    if to:
        tx["to"] = to
    if gas:
        tx["gas"] = hex(gas)
    tx_hash = rpc("eth_sendTransaction", tx)
    for _ in range(100):  # anvil mines at once, but the receipt may lag a little
        receipt = rpc("eth_getTransactionReceipt", tx_hash)
        if receipt:
            return receipt
        time.sleep(0.05)
    raise SystemExit(f"no receipt for {tx_hash}")


def send_ok(sender, to, data, value=0):
    receipt = send(sender, to, data, value)
    check(receipt["status"] == "0x1", f"transaction to {to} succeeded" if to else "deployment succeeded")
    return receipt


def call(to, data: bytes, sender=None) -> bytes:
    tx = {"to": to, "data": "0x" + data.hex()}
    if sender:
        tx["from"] = sender
    return bytes.fromhex(rpc("eth_call", tx, "latest")[2:])


def expect_revert(sender, to, data: bytes, error: str, value=0):
    """eth_call must revert with the custom error `error` (e.g. "NotRelayer()")."""
    tx = {"from": sender, "to": to, "data": "0x" + data.hex(), "value": hex(value)}
    try:
        rpc("eth_call", tx, "latest")
    except RpcError as e:
        got = e.error.get("data") or ""
        check(got[:10] == "0x" + selector(error).hex(), f"reverts with {error}")
        return
    check(False, f"reverts with {error}")


def balance(addr) -> int:
    return int(rpc("eth_getBalance", addr, "latest"), 16)


def uint_call(to, signature, *args) -> int:
    return int.from_bytes(call(to, calldata(signature, *args)), "big")


# --- checks ------------------------------------------------------------------------------------

passed = 0
failed = 0


def check(ok: bool, what: str):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what}")
        raise SystemExit(report())


def report() -> int:
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def logs_of(receipt, address, event_signature):
    topic = "0x" + keccak(event_signature.encode()).hex()
    return [
        lg
        for lg in receipt["logs"]
        if lg["address"].lower() == address.lower() and lg["topics"][0] == topic
    ]


def merkle(leaves):
    """Root and proofs of the sidechain's tree: pairs (0,1), (2,3)... hashed in sorted order,
    an odd last node carried up unchanged, a single leaf its own root."""
    proofs = [[] for _ in leaves]
    positions = list(range(len(leaves)))  # index of each leaf's ancestor in the current level
    level = list(leaves)
    while len(level) > 1:
        nxt = []
        for i in range(0, len(level), 2):
            if i + 1 < len(level):
                a, b = sorted((level[i], level[i + 1]))
                nxt.append(keccak(a + b))
            else:
                nxt.append(level[i])
        for leaf, pos in enumerate(positions):
            sibling = pos ^ 1
            if sibling < len(level):
                proofs[leaf].append(level[sibling])
            positions[leaf] = pos // 2
        level = nxt
    return level[0], proofs


MESSAGE_TYPES = ["uint64", "uint8", "uint64", "bytes32", "address", "uint128", "bytes"]


def message(nonce, kind, request, task, recipient, amount, data=b""):
    return encode(MESSAGE_TYPES, [nonce, kind, request, task, recipient, amount, data])


def main():
    accounts = rpc("eth_accounts")
    owner, r1, r2, r3, payee = accounts[0], accounts[1], accounts[2], accounts[3], accounts[4]
    out = f"{CONTRACTS_DIR}/out"
    bridge_bin = bytes.fromhex(open(f"{out}/EctBridge.bin").read().strip())
    dapp_bin = bytes.fromhex(open(f"{out}/ExampleDapp.bin").read().strip())

    # Deployment.
    receipt = send_ok(owner, None, bridge_bin + encode(["address[]", "uint256"], [[r1, r2, r3], 2]))
    bridge = receipt["contractAddress"]
    receipt = send_ok(owner, None, dapp_bin + encode(["address"], [bridge]))
    dapp = receipt["contractAddress"]
    print(f"bridge {bridge}, dapp {dapp}")
    check(uint_call(bridge, "threshold()") == 2, "threshold is 2")
    check(uint_call(bridge, "isRelayer(address)", r2) == 1, "account 2 is a relayer")
    check(uint_call(bridge, "isRelayer(address)", owner) == 0, "account 0 is not a relayer")
    check(uint_call(bridge, "nextNonce()") == 1, "nextNonce starts at 1")

    # A request through the dapp.
    paid = 3 * 10**15
    params = b"hello sidechain"
    req = calldata(
        "request(uint32,uint32,uint32,uint128,uint128,bytes)", 7, 1, 2, 5 * 10**9, 6 * 10**9, params
    )
    receipt = send_ok(owner, dapp, req, value=paid)
    logs = logs_of(
        receipt,
        bridge,
        "TaskRequested(uint64,address,address,uint32,uint32,uint32,uint128,uint128,uint128,bytes)",
    )
    check(len(logs) == 1, "the receipt has one TaskRequested log")
    log = logs[0]
    data = bytes.fromhex(log["data"][2:])
    w = words(data)
    check(int(log["topics"][1], 16) == 1, "TaskRequested nonce is 1")
    check(int(log["topics"][2], 16) == int(dapp, 16), "TaskRequested payer is the dapp")
    check(w[0] == int(dapp, 16), "TaskRequested callback is the dapp")
    check(w[1:7] == [7, 1, 2, 5 * 10**9, 6 * 10**9, paid], "TaskRequested fields")
    check(decode_bytes(data, w[7]) == params, "TaskRequested params")
    check(len(logs_of(receipt, dapp, "Requested(uint64)")) == 1, "the dapp emitted Requested")
    request_fields = words(call(bridge, calldata("requests(uint64)", 1)))
    check(request_fields == [int(dapp, 16), int(dapp, 16), paid, 0], "requests(1) is stored")

    # Refusals of inbound calls.
    expect_revert(owner, dapp, req, "BadPayment()", value=paid + 1)
    expect_revert(owner, dapp, req, "BadPayment()", value=0)
    long_req = calldata("request(uint32,uint32,uint32,uint128,uint128,bytes)", 7, 1, 2, 1, 1, b"x" * 1025)
    expect_revert(owner, dapp, long_req, "ParamsTooLong()", value=paid)
    expect_revert(owner, bridge, calldata("deposit(bytes32)", b"\0" * 32), "ZeroAccount()", value=paid)
    expect_revert(owner, dapp, calldata("receiveResult(bytes32,bytes)", b"\1" * 32, b""), "NotBridge()")

    # A second request (to be refunded) and a deposit share the nonce counter.
    second_paid = 10**15
    send_ok(owner, dapp, req, value=second_paid)
    deposited = 2 * 10**15
    receipt = send_ok(owner, bridge, calldata("deposit(bytes32)", b"\x42" * 32), value=deposited)
    logs = logs_of(receipt, bridge, "Deposited(uint64,address,bytes32,uint128)")
    check(len(logs) == 1 and int(logs[0]["topics"][1], 16) == 3, "Deposited with nonce 3")

    # Root confirmation.
    task = keccak(b"task 1")
    result = bytes(range(32))
    unused = paid // 4
    messages = [
        message(1, 0, 1, task, dapp, unused, result),  # result of request 1
        message(2, 2, 0, b"\0" * 32, payee, deposited),  # withdrawal
        message(3, 1, 2, b"\0" * 32, dapp, second_paid),  # refund of request 2
    ]
    leaves = [keccak(keccak(m)) for m in messages]
    root, proofs = merkle(leaves)
    side_block = 10
    confirm = calldata("confirmRoot(uint64,bytes32)", side_block, root)

    expect_revert(owner, bridge, confirm, "NotRelayer()")
    receipt = send(owner, bridge, confirm, gas=200_000)
    check(receipt["status"] == "0x0", "a confirmRoot transaction from a non-relayer fails")
    expect_revert(r1, bridge, calldata("confirmRoot(uint64,bytes32)", side_block, b"\0" * 32), "ZeroRoot()")

    receipt = send_ok(r1, bridge, confirm)
    check(len(logs_of(receipt, bridge, "RootConfirmed(uint64,bytes32,address,uint256)")) == 1, "RootConfirmed")
    check(not logs_of(receipt, bridge, "RootAccepted(uint64,bytes32)"), "one confirmation does not accept")
    expect_revert(r1, bridge, confirm, "AlreadyConfirmed()")
    check(uint_call(bridge, "confirmations(uint64,bytes32)", side_block, root) == 1, "confirmations is 1")
    check(uint_call(bridge, "confirmed(uint64,bytes32,address)", side_block, root, r1) == 1, "confirmed(r1)")

    execute_sig = "execute(uint64,bytes,bytes32[])"
    expect_revert(owner, bridge, calldata(execute_sig, side_block, messages[0], proofs[0]), "RootNotAccepted()")
    receipt = send_ok(r2, bridge, confirm)
    check(len(logs_of(receipt, bridge, "RootAccepted(uint64,bytes32)")) == 1, "the second confirmation accepts")
    check(call(bridge, calldata("acceptedRoots(uint64)", side_block)) == root, "acceptedRoots holds the root")

    # Execution: a forged message, a wrong proof, then the three messages.
    forged = message(1, 0, 1, task, dapp, paid, result)
    expect_revert(owner, bridge, calldata(execute_sig, side_block, forged, proofs[0]), "BadProof()")
    expect_revert(owner, bridge, calldata(execute_sig, side_block, messages[1], proofs[2]), "BadProof()")

    payer_balance = balance(dapp)
    receipt = send_ok(owner, bridge, calldata(execute_sig, side_block, messages[0], proofs[0]))
    print(f"gas used by execute() of a Result with 32 bytes of data: {int(receipt['gasUsed'], 16)}")
    delivered = logs_of(receipt, bridge, "ResultDelivered(uint64,bytes32,bool)")
    check(len(delivered) == 1 and words(bytes.fromhex(delivered[0]["data"][2:]))[1] == 1, "callback ok")
    check(len(logs_of(receipt, bridge, "MessageExecuted(uint64,uint8,uint64)")) == 1, "MessageExecuted")
    check(uint_call(dapp, "resultCount()") == 1, "the dapp counted one result")
    check(call(dapp, calldata("lastTask()")) == task, "the dapp's lastTask is the task")
    got = call(dapp, calldata("results(bytes32)", task))
    check(decode_bytes(got, words(got)[0]) == result, "the dapp stored the result")
    check(balance(dapp) - payer_balance == unused, "the unused payment went back to the payer")
    check(uint_call(dapp, "refunded()") == unused, "the dapp counted the refund")
    expect_revert(owner, bridge, calldata(execute_sig, side_block, messages[0], proofs[0]), "AlreadyExecuted()")

    payee_balance = balance(payee)
    send_ok(owner, bridge, calldata(execute_sig, side_block, messages[1], proofs[1]))
    check(balance(payee) - payee_balance == deposited, "the withdrawal was paid")

    receipt = send_ok(owner, bridge, calldata(execute_sig, side_block, messages[2], proofs[2]))
    check(len(logs_of(receipt, bridge, "Refunded(uint64,address,uint128)")) == 1, "Refunded")
    check(uint_call(dapp, "refunded()") == unused + second_paid, "the refund reached the dapp")
    check(balance(bridge) == paid - unused, "the bridge keeps exactly the used payment")

    # A callback without code, a payee that refuses ether, a single-leaf tree.
    direct = calldata(
        "requestTask(uint32,uint32,uint32,uint128,uint128,bytes,address)", 7, 1, 2, 1, 1, b"", payee
    )
    send_ok(owner, bridge, direct, value=second_paid)  # nonce 4, callback is an account
    side_block = 11
    messages = [message(4, 0, 4, task, payee, 0, result), message(5, 2, 0, b"\0" * 32, bridge, unused)]
    root, proofs = merkle([keccak(keccak(m)) for m in messages])
    send_ok(r1, bridge, calldata("confirmRoot(uint64,bytes32)", side_block, root))
    send_ok(r3, bridge, calldata("confirmRoot(uint64,bytes32)", side_block, root))
    receipt = send_ok(owner, bridge, calldata(execute_sig, side_block, messages[0], proofs[0]))
    delivered = logs_of(receipt, bridge, "ResultDelivered(uint64,bytes32,bool)")
    check(words(bytes.fromhex(delivered[0]["data"][2:]))[1] == 0, "a callback without code is not ok")
    receipt = send_ok(owner, bridge, calldata(execute_sig, side_block, messages[1], proofs[1]))
    check(len(logs_of(receipt, bridge, "PaymentOwed(address,uint128)")) == 1, "a refused payment is owed")
    check(uint_call(bridge, "owed(address)", bridge) == unused, "owed holds the refused payment")
    expect_revert(owner, bridge, calldata("claimOwed()"), "NothingOwed()")
    single = message(6, 2, 0, b"\0" * 32, payee, 10**6)
    leaf = keccak(keccak(single))
    send_ok(r1, bridge, calldata("confirmRoot(uint64,bytes32)", 12, leaf))
    send_ok(r2, bridge, calldata("confirmRoot(uint64,bytes32)", 12, leaf))
    send_ok(owner, bridge, calldata(execute_sig, 12, single, []))
    too_much = message(7, 2, 0, b"\0" * 32, payee, 10**21)
    leaf = keccak(keccak(too_much))
    send_ok(r1, bridge, calldata("confirmRoot(uint64,bytes32)", 13, leaf))
    send_ok(r2, bridge, calldata("confirmRoot(uint64,bytes32)", 13, leaf))
    expect_revert(owner, bridge, calldata(execute_sig, 13, too_much, []), "InsufficientBalance()")
    bad_kind = message(8, 3, 0, b"\0" * 32, payee, 0)
    leaf = keccak(keccak(bad_kind))
    send_ok(r1, bridge, calldata("confirmRoot(uint64,bytes32)", 14, leaf))
    send_ok(r2, bridge, calldata("confirmRoot(uint64,bytes32)", 14, leaf))
    expect_revert(owner, bridge, calldata(execute_sig, 14, bad_kind, []), "UnknownKind()")

    # The relayer set: only the relayers' own threshold replaces it (no owner: the deployer,
    # account 0, has no power), and a new set starts a new epoch.
    propose = "proposeRelayers(address[],uint256)"
    expect_revert(owner, bridge, calldata(propose, [r1, payee], 1), "NotRelayer()")
    expect_revert(r1, bridge, calldata(propose, [r1, r1], 1), "DuplicateRelayer()")
    expect_revert(r1, bridge, calldata(propose, [r1], 2), "BadThreshold()")
    expect_revert(r1, bridge, calldata(propose, [], 1), "BadRelayerCount()")
    expect_revert(r1, bridge, calldata(propose, ["0x" + "00" * 20], 1), "ZeroRelayer()")
    new_set = sorted([r1, payee], key=lambda a: int(a, 16))
    expect_revert(r1, bridge, calldata(propose, new_set[::-1], 1), "UnsortedRelayers()")
    send_ok(r1, bridge, calldata(propose, new_set, 1))
    check(uint_call(bridge, "epoch()") == 0, "one vote of a threshold of 2: still epoch 0")
    check(uint_call(bridge, "relayerVotes(address[],uint256)", new_set, 1) == 1, "one vote counted")
    expect_revert(r1, bridge, calldata(propose, new_set, 1), "AlreadyProposed()")
    send_ok(r2, bridge, calldata(propose, new_set, 1))
    check(uint_call(bridge, "epoch()") == 1, "epoch is 1")
    check(uint_call(bridge, "isRelayer(address)", r2) == 0, "account 2 is no longer a relayer")
    check(uint_call(bridge, "confirmations(uint64,bytes32)", side_block, root) == 0, "old confirmations gone")

    _keccak_proc.stdin.close()
    return report()


if __name__ == "__main__":
    sys.exit(main())
