using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Visibility;
using static Fencepost.Engine.Tests.Persistence.Conformance.ConformanceData;
using F = Fencepost.Engine.Persistence.Visibility.VisibilityFilter;

namespace Fencepost.Engine.Tests.Persistence.Conformance;

public abstract partial class PersistenceConformanceTests
{
    private async Task<(Guid Namespace, List<VisibilityRecord> Rows, DateTimeOffset T0)> SeedVisibilityAsync()
    {
        var ns = Guid.NewGuid();
        var t0 = Now().AddHours(-1);
        var rows = new List<VisibilityRecord>
        {
            Visibility(ns, "order-1", Guid.NewGuid(), "Order", Running, t0.AddMinutes(1)),
            Visibility(ns, "order-2", Guid.NewGuid(), "Order", Completed, t0.AddMinutes(2), close: t0.AddMinutes(3)),
            Visibility(ns, "pay-1", Guid.NewGuid(), "Payment", Running, t0.AddMinutes(3), taskQueue: "payments"),
            Visibility(ns, "pay-2", Guid.NewGuid(), "Payment", 3, t0.AddMinutes(4), close: t0.AddMinutes(5), taskQueue: "payments"),
            Visibility(ns, "order-3", Guid.NewGuid(), "Order", Running, t0.AddMinutes(5)),
        };
        foreach (var row in rows)
        {
            await Store.Visibility.UpsertAsync(row);
        }
        await Store.Visibility.UpsertAsync(Visibility(Guid.NewGuid(), "other-ns", Guid.NewGuid(), "Order", Running, t0));
        return (ns, rows, t0);
    }

    [Fact]
    public async Task ListVisibility_NoFilter_NewestStartFirst()
    {
        var (ns, rows, _) = await SeedVisibilityAsync();

        var page = await Store.Visibility.ListAsync(ns, VisibilityQuery.All, 10, null);

        Assert.Equal(rows.OrderByDescending(r => r.StartTime).Select(r => r.WorkflowId), page.Items.Select(r => r.WorkflowId));
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task ListVisibility_Filters_MatchTheSubsetTheEngineNeeds()
    {
        var (ns, _, t0) = await SeedVisibilityAsync();

        async Task<string[]> Ids(F filter, VisibilityOrder? order = null) =>
            [.. (await Store.Visibility.ListAsync(ns, new VisibilityQuery(filter, order), 100, null)).Items.Select(r => r.WorkflowId)];

        Assert.Equal(["order-3", "order-2", "order-1"], await Ids(new F.Compare(VisibilityField.WorkflowType, ComparisonOperator.Equal, "Order")));
        Assert.Equal(["order-3", "pay-1", "order-1"], await Ids(new F.Compare(VisibilityField.ExecutionStatus, ComparisonOperator.Equal, Running)));
        Assert.Equal(["order-3", "pay-2"], await Ids(new F.Compare(VisibilityField.StartTime, ComparisonOperator.GreaterThan, t0.AddMinutes(3))));
        Assert.Equal(["pay-2", "order-2"], await Ids(new F.Compare(VisibilityField.CloseTime, ComparisonOperator.NotEqual, null)));
        Assert.Equal(["order-3", "pay-1", "order-1"], await Ids(new F.Compare(VisibilityField.CloseTime, ComparisonOperator.Equal, null)));
        Assert.Equal(["pay-2", "pay-1", "order-1"], await Ids(new F.Or(
            new F.Compare(VisibilityField.TaskQueue, ComparisonOperator.Equal, "payments"),
            new F.Compare(VisibilityField.WorkflowId, ComparisonOperator.Equal, "order-1"))));
        Assert.Equal(["order-2"], await Ids(new F.And(
            new F.StartsWith(VisibilityField.WorkflowId, "order-"),
            new F.Not(new F.Compare(VisibilityField.ExecutionStatus, ComparisonOperator.Equal, Running)))));
        Assert.Equal(["pay-2", "order-1"], await Ids(new F.In(VisibilityField.WorkflowId, ["order-1", "pay-2"])));
        Assert.Equal(["order-1", "order-2", "pay-1", "pay-2", "order-3"], await Ids(
            new F.Compare(VisibilityField.StartTime, ComparisonOperator.GreaterThanOrEqual, t0), new VisibilityOrder(VisibilityField.StartTime, Descending: false)));
    }

    [Fact]
    public async Task CountAndListVisibility_AndChainOfTenThousandTerms_AnsweredOnEveryStore()
    {
        // One flat node: neither the in-memory evaluator nor the SQL translation nests per term.
        var (ns, _, _) = await SeedVisibilityAsync();
        var terms = Enumerable.Range(0, 10_000).Select(i => (F)new F.Compare(VisibilityField.WorkflowId, ComparisonOperator.NotEqual, $"absent-{i}")).ToList();
        terms.Add(new F.Compare(VisibilityField.WorkflowType, ComparisonOperator.Equal, "Order"));

        Assert.Equal(3, await Store.Visibility.CountAsync(ns, new F.And(terms)));
        Assert.Equal(3, (await Store.Visibility.ListAsync(ns, new VisibilityQuery(new F.And(terms)), 10, null)).Items.Count);
    }

    [Fact]
    public async Task CountVisibility_FilterNestedBeyondTheLimit_RefusedAsInvalidRequest()
    {
        var (ns, _, _) = await SeedVisibilityAsync();
        F filter = new F.Compare(VisibilityField.WorkflowId, ComparisonOperator.Equal, "order-1");
        for (var i = 0; i < 100_000; i++)
        {
            filter = new F.Not(filter);
        }

        await Assert.ThrowsAsync<InvalidPersistenceRequestException>(() => Store.Visibility.CountAsync(ns, filter));
    }

    [Fact]
    public async Task ListVisibility_Pages_AreStableAndComplete()
    {
        var (ns, rows, _) = await SeedVisibilityAsync();
        var seen = new List<string>();
        byte[]? token = null;
        do
        {
            var page = await Store.Visibility.ListAsync(ns, VisibilityQuery.All, 2, token);
            seen.AddRange(page.Items.Select(r => r.WorkflowId));
            token = page.NextPageToken;
            await Store.Visibility.UpsertAsync(Visibility(ns, "newer-" + Guid.NewGuid(), Guid.NewGuid(), "Late", Running, Now().AddHours(1)));
        }
        while (token is not null);

        Assert.Equal(rows.OrderByDescending(r => r.StartTime).Select(r => r.WorkflowId), seen);
    }

    [Fact]
    public async Task CountVisibility_TotalAndByStatus()
    {
        var (ns, _, _) = await SeedVisibilityAsync();

        var total = await Store.Visibility.CountAsync(ns, null);
        var orders = await Store.Visibility.CountAsync(ns, new F.Compare(VisibilityField.WorkflowType, ComparisonOperator.Equal, "Order"));
        var byStatus = await Store.Visibility.CountByStatusAsync(ns, null);

        Assert.Equal(5, total);
        Assert.Equal(3, orders);
        Assert.Equal(new Dictionary<int, long> { [Running] = 3, [Completed] = 1, [3] = 1 }, byStatus.OrderBy(p => p.Key).ToDictionary());
    }

    [Fact]
    public async Task ListVisibility_ValueOfTheWrongType_ThrowsInvalidRequest()
    {
        var query = new VisibilityQuery(new F.Compare(VisibilityField.StartTime, ComparisonOperator.GreaterThan, "yesterday"));

        await Assert.ThrowsAsync<InvalidPersistenceRequestException>(() => Store.Visibility.ListAsync(Guid.NewGuid(), query, 10, null));
    }

    [Fact]
    public async Task UpsertVisibility_SameRunAgain_ReplacesIt()
    {
        var ns = Guid.NewGuid();
        var row = Visibility(ns, "wf", Guid.NewGuid(), "T", Running, Now());
        await Store.Visibility.UpsertAsync(row);

        await Store.Visibility.UpsertAsync(row with { Status = Completed, CloseTime = row.StartTime.AddSeconds(1), HistoryLength = 11 });

        var stored = await Store.Visibility.GetAsync(ns, row.RunId);
        Assert.Equal((Completed, 11L), (stored!.Status, stored.HistoryLength));
        Assert.Equal(1, await Store.Visibility.CountAsync(ns, null));
        await Store.Visibility.DeleteAsync(ns, row.RunId);
        Assert.Null(await Store.Visibility.GetAsync(ns, row.RunId));
    }
}
