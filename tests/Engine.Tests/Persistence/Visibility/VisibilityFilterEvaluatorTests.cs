using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Visibility;

// Not ...Persistence.Visibility: that namespace would hide the conformance suite's Visibility members.
namespace Fencepost.Engine.Tests.Persistence.VisibilityQueries;

public class VisibilityFilterEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly VisibilityRecord Open = new(Guid.NewGuid(), "order-1", Guid.NewGuid(), "OrderWorkflow", "orders", 1, Start, Start, null, 3, null, null);

    private static readonly VisibilityRecord Closed = Open with { WorkflowId = "invoice-1", RunId = Guid.NewGuid(), Status = 2, CloseTime = Start.AddMinutes(5) };

    [Theory]
    [InlineData("WorkflowId = 'order-1'", true, false)]
    [InlineData("WorkflowId STARTS_WITH 'inv'", false, true)]
    [InlineData("ExecutionStatus IN ('Running', 'Failed')", true, false)]
    [InlineData("ExecutionStatus != 'Running'", false, true)]
    [InlineData("CloseTime IS NULL", true, false)]
    [InlineData("CloseTime IS NOT NULL", false, true)]
    [InlineData("StartTime >= '2024-05-01T12:00:00Z' AND StartTime < '2024-05-01T12:00:01Z'", true, true)]
    [InlineData("WorkflowType = 'OrderWorkflow' AND (TaskQueue = 'x' OR ExecutionStatus = 'Completed')", false, true)]
    [InlineData("NOT WorkflowId = 'order-1'", false, true)]
    public void Matches_ParsedQuery_SelectsTheExpectedRuns(string query, bool matchesOpen, bool matchesClosed)
    {
        var filter = VisibilityQueryParser.Parse(query).Filter;

        Assert.Equal(matchesOpen, VisibilityFilterEvaluator.Matches(filter, Open));
        Assert.Equal(matchesClosed, VisibilityFilterEvaluator.Matches(filter, Closed));
    }

    [Fact]
    public void Matches_AndOf100000Terms_EvaluatesWithoutDeepRecursion()
    {
        var terms = Enumerable.Range(0, 100_000).Select(i => (VisibilityFilter)new VisibilityFilter.Compare(VisibilityField.WorkflowId, ComparisonOperator.NotEqual, $"other-{i}")).ToList();
        var filter = new VisibilityFilter.And(terms);

        VisibilityFilterEvaluator.Validate(filter);
        Assert.True(VisibilityFilterEvaluator.Matches(filter, Open));
        Assert.False(VisibilityFilterEvaluator.Matches(new VisibilityFilter.And([.. terms, new VisibilityFilter.Compare(VisibilityField.WorkflowId, ComparisonOperator.Equal, "x")]), Open));
    }

    [Fact]
    public void Validate_FilterNestedDeeperThanTheLimit_RefusedWithoutOverflowingTheStack()
    {
        VisibilityFilter filter = new VisibilityFilter.Compare(VisibilityField.WorkflowId, ComparisonOperator.Equal, "a");
        for (var i = 0; i < 100_000; i++)
        {
            filter = new VisibilityFilter.Not(filter);
        }

        var error = Assert.Throws<InvalidPersistenceRequestException>(() => VisibilityFilterEvaluator.Validate(filter));

        Assert.Contains($"{VisibilityQueryLimits.MaxFilterDepth} levels", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WorkflowId = 'order-1' OR WorkflowId = 'x' OR CloseTime > '2024-01-01T00:00:00Z'", true)]
    [InlineData("WorkflowId = 'x' OR CloseTime > '2024-01-01T00:00:00Z'", false)]
    [InlineData("NOT (WorkflowId = 'x' OR CloseTime > '2024-01-01T00:00:00Z')", false)]
    [InlineData("WorkflowId = 'order-1' AND WorkflowType = 'OrderWorkflow' AND TaskQueue = 'orders'", true)]
    [InlineData("NOT (WorkflowId = 'order-1' AND CloseTime > '2024-01-01T00:00:00Z' AND TaskQueue = 'x')", true)]
    public void Matches_ChainsWithUnknownOperands_FollowSqlThreeValuedLogic(string query, bool matchesOpen) =>
        Assert.Equal(matchesOpen, VisibilityFilterEvaluator.Matches(VisibilityQueryParser.Parse(query).Filter, Open));

    [Theory]
    [InlineData("CloseTime > '2024-01-01T00:00:00Z'")]
    [InlineData("NOT CloseTime > '2024-01-01T00:00:00Z'")]
    [InlineData("CloseTime != '2024-01-01T00:00:00Z'")]
    public void Matches_ComparisonWithMissingCloseTime_IsUnknownAsInSql(string query) =>
        Assert.False(VisibilityFilterEvaluator.Matches(VisibilityQueryParser.Parse(query).Filter, Open));

    [Fact]
    public void Matches_UnknownOrTrue_IsTrue()
    {
        var filter = VisibilityQueryParser.Parse("CloseTime > '2024-01-01T00:00:00Z' OR WorkflowId = 'order-1'").Filter;

        Assert.True(VisibilityFilterEvaluator.Matches(filter, Open));
    }

    [Fact]
    public void Matches_RunIdInAnyCase_MatchesTheStoredUuid() =>
        Assert.True(VisibilityFilterEvaluator.Matches(
            new VisibilityFilter.Compare(VisibilityField.RunId, ComparisonOperator.Equal, Open.RunId.ToString().ToUpperInvariant()), Open));

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void Validate_ValueOfTheWrongType_ThrowsInvalidRequest(VisibilityFilter filter) =>
        Assert.Throws<InvalidPersistenceRequestException>(() => VisibilityFilterEvaluator.Validate(filter));

    public static TheoryData<VisibilityFilter> WrongTypes() => new()
    {
        new VisibilityFilter.Compare(VisibilityField.StartTime, ComparisonOperator.Equal, "2024-01-01"),
        new VisibilityFilter.Compare(VisibilityField.ExecutionStatus, ComparisonOperator.Equal, "Running"),
        new VisibilityFilter.Compare(VisibilityField.WorkflowId, ComparisonOperator.Equal, 5),
        new VisibilityFilter.Compare(VisibilityField.WorkflowId, ComparisonOperator.LessThan, "a"),
        new VisibilityFilter.Compare(VisibilityField.CloseTime, ComparisonOperator.LessThan, null),
        new VisibilityFilter.In(VisibilityField.StartTime, [Start]),
        new VisibilityFilter.StartsWith(VisibilityField.ExecutionStatus, "R"),
        new VisibilityFilter.And(new VisibilityFilter.Compare(VisibilityField.WorkflowId, ComparisonOperator.Equal, "a"), new VisibilityFilter.In(VisibilityField.ExecutionStatus, ["x"])),
    };
}
