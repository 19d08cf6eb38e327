// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title TestPUSD
/// @notice TEST ONLY. A minimal 6-decimals ERC-20 standing in for pUSD.
contract TestPUSD {
    /// @notice Token name.
    string public constant name = "Test pUSD";
    /// @notice Token symbol.
    string public constant symbol = "pUSD";
    /// @notice Decimals, as pUSD.
    uint8 public constant decimals = 6;
    /// @notice Total supply.
    uint256 public totalSupply;
    /// @notice Balances.
    mapping(address owner => uint256) public balanceOf;
    /// @notice Allowances.
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    /// @notice ERC-20 Transfer.
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// @notice ERC-20 Approval.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice Balance or allowance too low.
    error InsufficientFunds();

    /// @notice Mints test tokens.
    /// @param to Recipient.
    /// @param amount Amount (6 decimals).
    function mint(address to, uint256 amount) external {
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    /// @notice ERC-20 approve.
    /// @param spender Spender.
    /// @param amount Allowance.
    /// @return Always true.
    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    /// @notice ERC-20 transfer.
    /// @param to Recipient.
    /// @param amount Amount.
    /// @return Always true.
    function transfer(address to, uint256 amount) external returns (bool) {
        _move(msg.sender, to, amount);
        return true;
    }

    /// @notice ERC-20 transferFrom.
    /// @param from Owner.
    /// @param to Recipient.
    /// @param amount Amount.
    /// @return Always true.
    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed < amount) revert InsufficientFunds();
        if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - amount;
        _move(from, to, amount);
        return true;
    }

    function _move(address from, address to, uint256 amount) private {
        if (balanceOf[from] < amount) revert InsufficientFunds();
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        emit Transfer(from, to, amount);
    }
}
