// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title TestConditionalTokens
/// @notice TEST ONLY. The ERC-1155 operator approvals of Gnosis ConditionalTokens (the CTF), which
/// the exchanges need to move a wallet's outcome tokens on SELL: `setApprovalForAll` and
/// `isApprovedForAll` with the ERC-1155 event, nothing else of the CTF.
contract TestConditionalTokens {
    /// @notice ERC-1155 operator approvals.
    mapping(address owner => mapping(address operator => bool)) public isApprovedForAll;

    /// @notice ERC-1155 ApprovalForAll.
    event ApprovalForAll(address indexed owner, address indexed operator, bool approved);

    /// @notice ERC-1155 setApprovalForAll, for msg.sender.
    /// @param operator The operator (e.g. an exchange).
    /// @param approved Whether it may move every token of msg.sender.
    function setApprovalForAll(address operator, bool approved) external {
        isApprovedForAll[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }
}
