// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EctBridge} from "./EctBridge.sol";
import {IEctReceiver} from "./IEctReceiver.sol";

/// @title ExampleDapp
/// @notice A minimal dapp that buys sidechain tasks through the ECT bridge and keeps the results
///         it is handed back. The ether it sends comes from whoever calls `request`; the unused
///         part and refunds come back to this contract.
contract ExampleDapp is IEctReceiver {
    /// @notice The bridge this dapp requests tasks from and takes results from.
    address public immutable bridge;

    /// @notice The result of each task received, by task id.
    mapping(bytes32 => bytes) public results;

    /// @notice The task id of the last result received.
    bytes32 public lastTask;

    /// @notice How many results have been received.
    uint256 public resultCount;

    /// @notice The total wei paid back to this contract (unused payments and refunds).
    uint256 public refunded;

    /// @notice A task was requested through the bridge.
    /// @param nonce The bridge's nonce of the request.
    event Requested(uint64 nonce);

    /// @notice A result was received from the bridge.
    /// @param taskId The sidechain task id.
    /// @param data The result.
    event ResultReceived(bytes32 indexed taskId, bytes data);

    /// @notice Ether was received (an unused payment or a refund).
    /// @param amount The wei received.
    event RefundReceived(uint256 amount);

    /// @notice The caller of `receiveResult` is not the bridge.
    error NotBridge();

    /// @notice Sets the bridge.
    /// @param bridge_ The EctBridge contract.
    constructor(address bridge_) {
        bridge = bridge_;
    }

    /// @notice Requests a task, paying the bridge with the ether sent; the result comes back to
    ///         this contract's `receiveResult`.
    /// @param app The sidechain app id.
    /// @param category The sidechain category id.
    /// @param trust The requested trust level.
    /// @param appMaxPrice The most to pay the app, in sidechain units (12 decimals).
    /// @param workerpoolMaxPrice The most to pay the workerpool, in sidechain units.
    /// @param params The task parameters.
    /// @return nonce The bridge's nonce of the request.
    function request(
        uint32 app,
        uint32 category,
        uint32 trust,
        uint128 appMaxPrice,
        uint128 workerpoolMaxPrice,
        bytes calldata params
    ) external payable returns (uint64 nonce) {
        nonce = EctBridge(bridge).requestTask{value: msg.value}(
            app, category, trust, appMaxPrice, workerpoolMaxPrice, params, address(this)
        );
        emit Requested(nonce);
    }

    /// @notice Takes a task result from the bridge.
    /// @param taskId The sidechain task id.
    /// @param data The result.
    function receiveResult(bytes32 taskId, bytes calldata data) external override {
        if (msg.sender != bridge) revert NotBridge();
        results[taskId] = data;
        lastTask = taskId;
        resultCount += 1;
        emit ResultReceived(taskId, data);
    }

    /// @notice Accepts ether paid back by the bridge.
    receive() external payable {
        refunded += msg.value;
        emit RefundReceived(msg.value);
    }
}
