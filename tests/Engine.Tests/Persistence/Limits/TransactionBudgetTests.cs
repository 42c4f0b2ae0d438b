using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;

namespace Fencepost.Engine.Tests.Persistence.Limits;

public class TransactionBudgetTests
{
    [Fact]
    public void AddRow_3000Rows_IsAllowedAndTheNextIsRefused()
    {
        var budget = new TransactionBudget();
        for (var i = 0; i < 3_000; i++)
        {
            budget.AddRow("tasks", 10);
        }

        var error = Assert.Throws<TransactionLimitExceededException>(() => budget.AddRow("tasks", 10));

        Assert.Equal(("rows per transaction", 3_001L, 3_000L, "54000"), (error.Limit, error.Attempted, error.Allowed, error.SqlState));
    }

    [Fact]
    public void AddRow_Over10MiB_IsRefused()
    {
        var budget = new TransactionBudget();
        for (var i = 0; i < 10; i++)
        {
            budget.AddRow("history_node", 1024 * 1024);
        }

        Assert.Throws<TransactionLimitExceededException>(() => budget.AddRow("history_node", 1));
    }

    [Fact]
    public void CheckColumn_Over1MiB_IsRefusedWithTheColumnNamed()
    {
        TransactionBudget.CheckColumn("executions", "data", 1024 * 1024);

        var error = Assert.Throws<TransactionLimitExceededException>(() => TransactionBudget.CheckColumn("executions", "data", 1024 * 1024 + 1));
        Assert.Contains("executions.data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckKey_Over1KiB_IsAnInvalidRequest()
    {
        TransactionBudget.CheckKey("executions", "workflow_id", new string('a', 1024));

        Assert.Throws<InvalidPersistenceRequestException>(() => TransactionBudget.CheckKey("executions", "workflow_id", new string('é', 513)));
    }
}
