// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IEctReceiver
/// @notice What a dapp implements to be handed the result of a task it requested through the
///         ECT bridge (the EIP-1154 style callback).
interface IEctReceiver {
    /// @notice Called by the bridge, once per request, with the certified result of a task.
    /// @dev The bridge calls with a bounded amount of gas and ignores a revert, so an
    ///      implementation should be cheap and must not rely on reverting to refuse a result.
    /// @param taskId The sidechain identifier of the task that produced the result.
    /// @param data The result bytes the sidechain certified for that task.
    function receiveResult(bytes32 taskId, bytes calldata data) external;
}
