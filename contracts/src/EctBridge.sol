// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IEctReceiver} from "./IEctReceiver.sol";

/// @title EctBridge
/// @notice The Ethereum end of the ECT bridge.
///         Inbound (Ethereum -> sidechain): dapps request tasks and users deposit ether; each is
///         emitted as an event carrying a nonce, which the relayers attest on the sidechain.
///         Outbound (sidechain -> Ethereum): the relayers confirm the Merkle root of the
///         messages of a sidechain block; once `threshold` of them agree, anyone may execute a
///         message of that block with its Merkle proof: a task result (delivered to the dapp's
///         callback), a refund, or a withdrawal.
///         The relayer set changes only by the current relayers' own threshold
///         (`proposeRelayers`): there is no owner, so no single key can replace the relayers.
/// @dev Amounts on the sidechain have 12 decimals and ether has 18, so one sidechain unit is
///      `WEI_PER_UNIT` wei. Ether leaves this contract only through `execute` and `claimOwed`.
contract EctBridge {
    // ------------------------------------------------------------------------------------------
    // Types
    // ------------------------------------------------------------------------------------------

    /// @notice A task request paid on Ethereum, kept until the sidechain settles it.
    /// @param payer Who paid; receives the unused part of the payment or the refund.
    /// @param callback The contract whose `receiveResult` gets the result.
    /// @param amount The payment, in wei.
    /// @param settled Whether a result or a refund has been executed for this request.
    struct Request {
        address payer;
        address callback;
        uint128 amount;
        bool settled;
    }

    /// @notice An outbound message as the sidechain ABI-encodes it:
    ///         `abi.encode(nonce, kind, request, task, recipient, amount, data)`.
    /// @param nonce The sidechain's unique number of the message (replay protection).
    /// @param kind `KIND_RESULT`, `KIND_REFUND` or `KIND_WITHDRAWAL`.
    /// @param request The nonce of the request a result or refund settles (unused for a withdrawal).
    /// @param task The sidechain task id of a result (unused otherwise).
    /// @param recipient The callback of a result, the payer of a refund, the payee of a withdrawal.
    /// @param amount Wei to pay: the unused payment of a result, the refund, or the withdrawal.
    /// @param data The result bytes of a result (unused otherwise).
    struct Message {
        uint64 nonce;
        uint8 kind;
        uint64 request;
        bytes32 task;
        address recipient;
        uint128 amount;
        bytes data;
    }

    // ------------------------------------------------------------------------------------------
    // Constants
    // ------------------------------------------------------------------------------------------

    /// @notice Wei per sidechain unit (18 - 12 decimals). Every payment is a multiple of it.
    uint256 public constant WEI_PER_UNIT = 1e6;

    /// @notice The most relayers a set may have (the bridge pallet's bound).
    uint256 public constant MAX_RELAYERS = 16;

    /// @notice The longest task parameters `requestTask` accepts, in bytes.
    uint256 public constant MAX_PARAMS_LENGTH = 1024;

    /// @notice The gas the bridge gives a dapp's `receiveResult` callback.
    uint256 public constant CALLBACK_GAS = 500_000;

    /// @notice The gas the bridge gives a payment; a payee needing more is credited in `owed`.
    uint256 public constant PAYMENT_GAS = 100_000;

    /// @notice Message kind: the result of a requested task.
    uint8 public constant KIND_RESULT = 0;

    /// @notice Message kind: the refund of a request that produced no result.
    uint8 public constant KIND_REFUND = 1;

    /// @notice Message kind: a withdrawal of funds from the sidechain.
    uint8 public constant KIND_WITHDRAWAL = 2;

    // ------------------------------------------------------------------------------------------
    // State
    // ------------------------------------------------------------------------------------------

    /// @notice The number of the current relayer set; confirmations count only in their epoch.
    uint64 public epoch;

    /// @notice How many relayers of the current set must confirm a root for it to be accepted.
    uint256 public threshold;

    /// @notice The nonce the next inbound event (request or deposit) gets; starts at 1.
    uint64 public nextNonce = 1;

    /// @notice The task requests, by nonce.
    mapping(uint64 => Request) public requests;

    /// @notice The accepted Merkle root of the outbound messages of each sidechain block.
    mapping(uint64 => bytes32) public acceptedRoots;

    /// @notice Whether the outbound message with this nonce has been executed.
    mapping(uint64 => bool) public executed;

    /// @notice Wei whose payment failed, claimable by its payee with `claimOwed`.
    mapping(address => uint256) public owed;

    /// @notice The members of the current relayer set, in the order governance gave them.
    address[] private _relayers;

    /// @notice Membership of the relayer set of each epoch.
    mapping(uint64 => mapping(address => bool)) private _isRelayer;

    /// @notice Confirmation count per epoch, sidechain block and root.
    mapping(uint64 => mapping(uint64 => mapping(bytes32 => uint256))) private _confirmCount;

    /// @notice Whether a relayer confirmed a root, per epoch, sidechain block and root.
    mapping(uint64 => mapping(uint64 => mapping(bytes32 => mapping(address => bool)))) private
        _hasConfirmed;

    /// @notice Votes for a proposed relayer set, per epoch and proposal hash.
    mapping(uint64 => mapping(bytes32 => uint256)) private _proposalVotes;

    /// @notice Whether a relayer voted for a proposed relayer set, per epoch and proposal hash.
    mapping(uint64 => mapping(bytes32 => mapping(address => bool))) private _hasProposed;

    // ------------------------------------------------------------------------------------------
    // Events
    // ------------------------------------------------------------------------------------------

    /// @notice A relayer set took effect (also emitted by the constructor, for epoch 0).
    /// @param epoch The epoch of the new set.
    /// @param relayers The members of the new set.
    /// @param threshold How many of them must confirm a root.
    event RelayersSet(uint64 epoch, address[] relayers, uint256 threshold);

    /// @notice A relayer voted for a new relayer set.
    /// @param epoch The current epoch (the vote counts in it only).
    /// @param proposal `keccak256(abi.encode(epoch, relayers, threshold))` of the proposed set.
    /// @param relayer The voter.
    /// @param votes How many relayers of the current set voted for it.
    event RelayersProposed(uint64 indexed epoch, bytes32 proposal, address relayer, uint256 votes);

    /// @notice A task was requested and paid for.
    /// @param nonce The inbound nonce of the request.
    /// @param payer Who paid (`msg.sender` of `requestTask`).
    /// @param callback The contract to receive the result.
    /// @param app The sidechain app id.
    /// @param category The sidechain category id.
    /// @param trust The requested trust level.
    /// @param appMaxPrice The most the requester pays the app, in sidechain units.
    /// @param workerpoolMaxPrice The most the requester pays the workerpool, in sidechain units.
    /// @param amount The payment, in wei.
    /// @param params The task parameters.
    event TaskRequested(
        uint64 indexed nonce,
        address indexed payer,
        address callback,
        uint32 app,
        uint32 category,
        uint32 trust,
        uint128 appMaxPrice,
        uint128 workerpoolMaxPrice,
        uint128 amount,
        bytes params
    );

    /// @notice Ether was deposited for a sidechain account.
    /// @param nonce The inbound nonce of the deposit.
    /// @param sender Who sent the ether.
    /// @param account The sidechain account to credit.
    /// @param amount The deposit, in wei.
    event Deposited(uint64 indexed nonce, address indexed sender, bytes32 account, uint128 amount);

    /// @notice A relayer confirmed a root for a sidechain block.
    /// @param sideBlock The sidechain block.
    /// @param root The Merkle root the relayer confirmed.
    /// @param relayer The relayer.
    /// @param confirmations How many relayers of the current epoch have confirmed this root.
    event RootConfirmed(uint64 indexed sideBlock, bytes32 root, address relayer, uint256 confirmations);

    /// @notice A root reached the threshold and is now the accepted root of its sidechain block.
    /// @param sideBlock The sidechain block.
    /// @param root The accepted Merkle root.
    event RootAccepted(uint64 indexed sideBlock, bytes32 root);

    /// @notice A task result was handed to the dapp's callback.
    /// @param request The nonce of the request.
    /// @param task The sidechain task id.
    /// @param callbackOk Whether the callback returned without reverting.
    event ResultDelivered(uint64 indexed request, bytes32 task, bool callbackOk);

    /// @notice A request was refunded.
    /// @param request The nonce of the request.
    /// @param payer Who was refunded.
    /// @param amount The refund, in wei.
    event Refunded(uint64 indexed request, address payer, uint128 amount);

    /// @notice Funds were withdrawn from the sidechain.
    /// @param recipient The payee.
    /// @param amount The withdrawal, in wei.
    event Withdrawn(address indexed recipient, uint128 amount);

    /// @notice A payment failed and was credited to its payee's `owed` balance instead.
    /// @param to The payee.
    /// @param amount The amount credited, in wei.
    event PaymentOwed(address to, uint128 amount);

    /// @notice An outbound message was executed.
    /// @param nonce The message nonce.
    /// @param kind The message kind.
    /// @param sideBlock The sidechain block whose root proved the message.
    event MessageExecuted(uint64 indexed nonce, uint8 kind, uint64 sideBlock);

    // ------------------------------------------------------------------------------------------
    // Errors
    // ------------------------------------------------------------------------------------------

    /// @notice The caller is not in the current relayer set.
    error NotRelayer();
    /// @notice A relayer set contains the zero address.
    error ZeroRelayer();
    /// @notice A relayer set contains an address twice.
    error DuplicateRelayer();
    /// @notice A proposed relayer set is not in strictly ascending order of address.
    error UnsortedRelayers();
    /// @notice The threshold is zero or larger than the relayer set.
    error BadThreshold();
    /// @notice A relayer set is empty or has more than `MAX_RELAYERS` members.
    error BadRelayerCount();
    /// @notice This relayer already voted for this relayer set in this epoch.
    error AlreadyProposed();
    /// @notice The ether sent is zero, not a multiple of `WEI_PER_UNIT`, or too large.
    error BadPayment();
    /// @notice The task parameters are longer than `MAX_PARAMS_LENGTH`.
    error ParamsTooLong();
    /// @notice The callback of a request is the zero address.
    error ZeroCallback();
    /// @notice The sidechain account of a deposit is zero.
    error ZeroAccount();
    /// @notice The root confirmed is zero.
    error ZeroRoot();
    /// @notice This relayer already confirmed this root for this block in this epoch.
    error AlreadyConfirmed();
    /// @notice No root is accepted for the sidechain block.
    error RootNotAccepted();
    /// @notice The Merkle proof does not lead from the message to the accepted root.
    error BadProof();
    /// @notice The message with this nonce was already executed.
    error AlreadyExecuted();
    /// @notice The message names a request that does not exist.
    error UnknownRequest();
    /// @notice The request was already settled by a result or a refund.
    error AlreadySettled();
    /// @notice The message recipient is not the request's callback (result) or payer (refund),
    ///         or is zero (withdrawal).
    error WrongRecipient();
    /// @notice The message pays back more than the request's payment.
    error AmountTooLarge();
    /// @notice The message kind is not a result, a refund or a withdrawal.
    error UnknownKind();
    /// @notice The callback got less than `CALLBACK_GAS` and failed: retry with more gas.
    error CallbackGasTooLow();
    /// @notice The bridge holds less ether than the payment; retry once it holds enough.
    error InsufficientBalance();
    /// @notice The caller has nothing to claim.
    error NothingOwed();
    /// @notice Sending the claimed ether to the caller failed.
    error PaymentFailed();

    // ------------------------------------------------------------------------------------------
    // Modifiers
    // ------------------------------------------------------------------------------------------

    /// @notice Lets only a member of the current relayer set through.
    modifier onlyRelayer() {
        if (!_isRelayer[epoch][msg.sender]) revert NotRelayer();
        _;
    }

    // ------------------------------------------------------------------------------------------
    // Relayer set
    // ------------------------------------------------------------------------------------------

    /// @notice Deploys the bridge with its first relayer set (epoch 0). The deployer keeps no
    ///         power over it.
    /// @param relayers The relayers: 1 to `MAX_RELAYERS`, non-zero, no duplicates.
    /// @param threshold_ How many relayers must confirm a root: 1 to `relayers.length`.
    constructor(address[] memory relayers, uint256 threshold_) {
        _checkRelayers(relayers, threshold_);
        _setRelayers(relayers, threshold_);
    }

    /// @notice Votes, as a relayer of the current set, for replacing the set. Once `threshold`
    ///         relayers voted for the same set (and threshold) in this epoch, it takes effect and
    ///         a new epoch starts: confirmations and votes of the old epoch no longer count.
    ///         The relayers follow the sidechain's governance, which sets the bridge pallet's
    ///         relayers (`docs/design/bridge.md`).
    /// @param relayers The new relayers: 1 to `MAX_RELAYERS`, non-zero, in strictly ascending
    ///        order of address (one list per set, so that votes for the same set count together).
    /// @param threshold_ How many of them must confirm a root: 1 to `relayers.length`.
    function proposeRelayers(address[] calldata relayers, uint256 threshold_) external onlyRelayer {
        _checkRelayers(relayers, threshold_);
        for (uint256 i = 1; i < relayers.length; i++) {
            if (relayers[i - 1] >= relayers[i]) revert UnsortedRelayers();
        }
        uint64 e = epoch;
        bytes32 proposal = keccak256(abi.encode(e, relayers, threshold_));
        mapping(address => bool) storage voters = _hasProposed[e][proposal];
        if (voters[msg.sender]) revert AlreadyProposed();
        voters[msg.sender] = true;
        uint256 votes = ++_proposalVotes[e][proposal];
        emit RelayersProposed(e, proposal, msg.sender, votes);
        if (votes >= threshold) {
            epoch = e + 1;
            _setRelayers(relayers, threshold_);
        }
    }

    /// @notice How many relayers of the current set voted for a relayer set.
    /// @param relayers The proposed relayers.
    /// @param threshold_ The proposed threshold.
    /// @return The votes in the current epoch.
    function relayerVotes(address[] calldata relayers, uint256 threshold_) external view returns (uint256) {
        uint64 e = epoch;
        return _proposalVotes[e][keccak256(abi.encode(e, relayers, threshold_))];
    }

    /// @notice Whether an address is in the current relayer set.
    /// @param account The address.
    /// @return Whether it is a relayer of the current epoch.
    function isRelayer(address account) external view returns (bool) {
        return _isRelayer[epoch][account];
    }

    /// @notice The current relayer set.
    /// @return The relayers of the current epoch, in the order governance gave them.
    function getRelayers() external view returns (address[] memory) {
        return _relayers;
    }

    // ------------------------------------------------------------------------------------------
    // Inbound: Ethereum -> sidechain
    // ------------------------------------------------------------------------------------------

    /// @notice Requests a task on the sidechain, paying with the ether sent.
    /// @param app The sidechain app id.
    /// @param category The sidechain category id.
    /// @param trust The requested trust level.
    /// @param appMaxPrice The most to pay the app, in sidechain units (12 decimals).
    /// @param workerpoolMaxPrice The most to pay the workerpool, in sidechain units.
    /// @param params The task parameters, at most `MAX_PARAMS_LENGTH` bytes.
    /// @param callback The contract whose `receiveResult` gets the result.
    /// @return nonce The inbound nonce of the request.
    function requestTask(
        uint32 app,
        uint32 category,
        uint32 trust,
        uint128 appMaxPrice,
        uint128 workerpoolMaxPrice,
        bytes calldata params,
        address callback
    ) external payable returns (uint64 nonce) {
        uint128 amount = _payment();
        if (params.length > MAX_PARAMS_LENGTH) revert ParamsTooLong();
        if (callback == address(0)) revert ZeroCallback();
        nonce = nextNonce++;
        requests[nonce] = Request({payer: msg.sender, callback: callback, amount: amount, settled: false});
        emit TaskRequested(
            nonce, msg.sender, callback, app, category, trust, appMaxPrice, workerpoolMaxPrice, amount, params
        );
    }

    /// @notice Deposits the ether sent for a sidechain account.
    /// @param account The sidechain account to credit (non-zero).
    /// @return nonce The inbound nonce of the deposit.
    function deposit(bytes32 account) external payable returns (uint64 nonce) {
        uint128 amount = _payment();
        if (account == bytes32(0)) revert ZeroAccount();
        nonce = nextNonce++;
        emit Deposited(nonce, msg.sender, account, amount);
    }

    // ------------------------------------------------------------------------------------------
    // Outbound: sidechain -> Ethereum
    // ------------------------------------------------------------------------------------------

    /// @notice Confirms, as a relayer, the Merkle root of the outbound messages of a sidechain
    ///         block. The first root to gather `threshold` confirmations is accepted.
    /// @param sideBlock The sidechain block.
    /// @param root Its Merkle root (non-zero).
    function confirmRoot(uint64 sideBlock, bytes32 root) external onlyRelayer {
        if (root == bytes32(0)) revert ZeroRoot();
        uint64 e = epoch;
        mapping(address => bool) storage voters = _hasConfirmed[e][sideBlock][root];
        if (voters[msg.sender]) revert AlreadyConfirmed();
        voters[msg.sender] = true;
        uint256 count = ++_confirmCount[e][sideBlock][root];
        emit RootConfirmed(sideBlock, root, msg.sender, count);
        if (count >= threshold && acceptedRoots[sideBlock] == bytes32(0)) {
            acceptedRoots[sideBlock] = root;
            emit RootAccepted(sideBlock, root);
        }
    }

    /// @notice Whether a relayer confirmed a root for a sidechain block in the current epoch.
    /// @param sideBlock The sidechain block.
    /// @param root The root.
    /// @param relayer The relayer.
    /// @return Whether it did.
    function confirmed(uint64 sideBlock, bytes32 root, address relayer) external view returns (bool) {
        return _hasConfirmed[epoch][sideBlock][root][relayer];
    }

    /// @notice How many relayers confirmed a root for a sidechain block in the current epoch.
    /// @param sideBlock The sidechain block.
    /// @param root The root.
    /// @return The number of confirmations.
    function confirmations(uint64 sideBlock, bytes32 root) external view returns (uint256) {
        return _confirmCount[epoch][sideBlock][root];
    }

    /// @notice Executes an outbound message proven against the accepted root of its sidechain
    ///         block. Anyone may call it; each message nonce executes once.
    /// @param sideBlock The sidechain block whose root commits to the message.
    /// @param message `abi.encode(uint64 nonce, uint8 kind, uint64 request, bytes32 task,
    ///        address recipient, uint128 amount, bytes data)`.
    /// @param proof The Merkle proof of the leaf `keccak256(bytes.concat(keccak256(message)))`,
    ///        pairs hashed in sorted order.
    function execute(uint64 sideBlock, bytes calldata message, bytes32[] calldata proof) external {
        bytes32 root = acceptedRoots[sideBlock];
        if (root == bytes32(0)) revert RootNotAccepted();
        if (_merkleRoot(keccak256(bytes.concat(keccak256(message))), proof) != root) revert BadProof();

        Message memory m = _decode(message);
        if (executed[m.nonce]) revert AlreadyExecuted();
        executed[m.nonce] = true;

        if (m.kind == KIND_RESULT) {
            _executeResult(m);
        } else if (m.kind == KIND_REFUND) {
            _executeRefund(m);
        } else if (m.kind == KIND_WITHDRAWAL) {
            _executeWithdrawal(m);
        } else {
            revert UnknownKind();
        }
        emit MessageExecuted(m.nonce, m.kind, sideBlock);
    }

    /// @notice Pays the caller the ether whose payment to it failed earlier.
    function claimOwed() external {
        uint256 amount = owed[msg.sender];
        if (amount == 0) revert NothingOwed();
        owed[msg.sender] = 0;
        if (!_send(msg.sender, amount, gasleft())) revert PaymentFailed();
    }

    // ------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------

    /// @notice Checks a relayer set: 1 to `MAX_RELAYERS` members, none zero, none twice, and a
    ///         threshold of 1 to their number.
    /// @param relayers The relayers.
    /// @param threshold_ The threshold.
    function _checkRelayers(address[] memory relayers, uint256 threshold_) private pure {
        if (relayers.length == 0 || relayers.length > MAX_RELAYERS) revert BadRelayerCount();
        if (threshold_ == 0 || threshold_ > relayers.length) revert BadThreshold();
        for (uint256 i = 0; i < relayers.length; i++) {
            if (relayers[i] == address(0)) revert ZeroRelayer();
            for (uint256 j = 0; j < i; j++) {
                if (relayers[j] == relayers[i]) revert DuplicateRelayer();
            }
        }
    }

    /// @notice Installs a checked relayer set for the current epoch.
    /// @param relayers The relayers.
    /// @param threshold_ The threshold.
    function _setRelayers(address[] memory relayers, uint256 threshold_) private {
        uint64 e = epoch;
        mapping(address => bool) storage members = _isRelayer[e];
        for (uint256 i = 0; i < relayers.length; i++) {
            members[relayers[i]] = true;
        }
        _relayers = relayers;
        threshold = threshold_;
        emit RelayersSet(e, relayers, threshold_);
    }

    /// @notice Checks the ether sent with a request or deposit.
    /// @return The ether sent, in wei: non-zero, a multiple of `WEI_PER_UNIT`, fits 128 bits.
    function _payment() private view returns (uint128) {
        if (msg.value == 0 || msg.value % WEI_PER_UNIT != 0 || msg.value > type(uint128).max) {
            revert BadPayment();
        }
        return uint128(msg.value);
    }

    /// @notice Folds a Merkle proof into the root it leads to, hashing each pair in sorted order.
    /// @param leaf The leaf.
    /// @param proof The sibling hashes, from the leaf's level up.
    /// @return computed The root.
    function _merkleRoot(bytes32 leaf, bytes32[] calldata proof) private pure returns (bytes32 computed) {
        computed = leaf;
        for (uint256 i = 0; i < proof.length; i++) {
            bytes32 p = proof[i];
            computed = computed < p ? keccak256(abi.encodePacked(computed, p)) : keccak256(abi.encodePacked(p, computed));
        }
    }

    /// @notice Decodes an outbound message (reverts on malformed encoding).
    /// @param message The ABI-encoded message.
    /// @return m The message.
    function _decode(bytes calldata message) private pure returns (Message memory m) {
        (m.nonce, m.kind, m.request, m.task, m.recipient, m.amount, m.data) =
            abi.decode(message, (uint64, uint8, uint64, bytes32, address, uint128, bytes));
    }

    /// @notice Checks that a result or refund may settle its request and marks it settled.
    /// @param m The message.
    /// @param isResult Whether it is a result (recipient must be the callback) or a refund
    ///        (recipient must be the payer).
    /// @return r The request.
    function _settle(Message memory m, bool isResult) private returns (Request storage r) {
        r = requests[m.request];
        if (r.payer == address(0)) revert UnknownRequest();
        if (r.settled) revert AlreadySettled();
        if (m.recipient != (isResult ? r.callback : r.payer)) revert WrongRecipient();
        if (m.amount > r.amount) revert AmountTooLarge();
        r.settled = true;
    }

    /// @notice Delivers a result to the request's callback, then pays the unused part of the
    ///         payment back to the payer.
    /// @param m The result message.
    function _executeResult(Message memory m) private {
        Request storage r = _settle(m, true);
        bool ok = _deliver(r.callback, m.task, m.data);
        emit ResultDelivered(m.request, m.task, ok);
        _pay(r.payer, m.amount);
    }

    /// @notice Refunds a request to its payer.
    /// @param m The refund message.
    function _executeRefund(Message memory m) private {
        Request storage r = _settle(m, false);
        _pay(r.payer, m.amount);
        emit Refunded(m.request, r.payer, m.amount);
    }

    /// @notice Pays a withdrawal to its recipient.
    /// @param m The withdrawal message.
    function _executeWithdrawal(Message memory m) private {
        if (m.recipient == address(0)) revert WrongRecipient();
        _pay(m.recipient, m.amount);
        emit Withdrawn(m.recipient, m.amount);
    }

    /// @notice Calls `receiveResult` on a callback with `CALLBACK_GAS`, ignoring a revert.
    /// @dev Reverts with `CallbackGasTooLow` if the call failed and may have had less than
    ///      `CALLBACK_GAS` (the caller kept under 1/63 of it), so that no executor can make a
    ///      callback fail by starving it of gas.
    /// @param callback The receiver.
    /// @param task The task id.
    /// @param data The result.
    /// @return ok Whether the callback returned without reverting (false if it has no code).
    function _deliver(address callback, bytes32 task, bytes memory data) private returns (bool ok) {
        if (callback.code.length == 0) return false;
        try IEctReceiver(callback).receiveResult{gas: CALLBACK_GAS}(task, data) {
            ok = true;
        } catch {
            if (gasleft() < CALLBACK_GAS / 63) revert CallbackGasTooLow();
        }
    }

    /// @notice Pays wei with `PAYMENT_GAS`; if the payee refuses it, credits `owed` instead.
    ///         Paying nothing does nothing.
    /// @param to The payee.
    /// @param amount The amount, in wei.
    function _pay(address to, uint128 amount) private {
        if (amount == 0) return;
        if (address(this).balance < amount) revert InsufficientBalance();
        if (!_send(to, amount, PAYMENT_GAS)) {
            owed[to] += amount;
            emit PaymentOwed(to, amount);
        }
    }

    /// @notice Sends wei without copying any returned data into memory.
    /// @param to The payee.
    /// @param amount The amount, in wei.
    /// @param gasLimit The gas given to the payee.
    /// @return ok Whether the call succeeded.
    function _send(address to, uint256 amount, uint256 gasLimit) private returns (bool ok) {
        assembly ("memory-safe") {
            ok := call(gasLimit, to, amount, 0, 0, 0, 0)
        }
    }
}
