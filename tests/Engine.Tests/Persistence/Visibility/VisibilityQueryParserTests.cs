using Fencepost.Engine.Persistence.Visibility;
using static Fencepost.Engine.Persistence.Visibility.VisibilityFilter;

// Not ...Persistence.Visibility: that namespace would hide the conformance suite's Visibility members.
namespace Fencepost.Engine.Tests.Persistence.VisibilityQueries;

public class VisibilityQueryParserTests
{
    private static readonly DateTimeOffset Noon = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_EmptyQuery_ListsEverything(string? query) =>
        Assert.Equal(VisibilityQuery.All, VisibilityQueryParser.Parse(query));

    [Theory]
    [InlineData("WorkflowId = 'wf-1'", VisibilityField.WorkflowId, ComparisonOperator.Equal, "wf-1")]
    [InlineData("RunId != \"r-1\"", VisibilityField.RunId, ComparisonOperator.NotEqual, "r-1")]
    [InlineData("WorkflowType <> 'Order'", VisibilityField.WorkflowType, ComparisonOperator.NotEqual, "Order")]
    [InlineData("`TaskQueue` = 'orders'", VisibilityField.TaskQueue, ComparisonOperator.Equal, "orders")]
    [InlineData("workflowid = 'it''s'", VisibilityField.WorkflowId, ComparisonOperator.Equal, "it's")]
    [InlineData("WorkflowId = 'a\\'b'", VisibilityField.WorkflowId, ComparisonOperator.Equal, "a'b")]
    public void Parse_TextComparison_BuildsCompare(string query, VisibilityField field, ComparisonOperator op, string value) =>
        Assert.Equal(new Compare(field, op, value), VisibilityQueryParser.Parse(query).Filter);

    [Theory]
    [InlineData("'Running'", 1)]
    [InlineData("'Completed'", 2)]
    [InlineData("'Failed'", 3)]
    [InlineData("'Canceled'", 4)]
    [InlineData("'Terminated'", 5)]
    [InlineData("'ContinuedAsNew'", 6)]
    [InlineData("'TimedOut'", 7)]
    [InlineData("3", 3)]
    public void Parse_ExecutionStatusByName_MapsToTemporalNumber(string literal, int status) =>
        Assert.Equal(new Compare(VisibilityField.ExecutionStatus, ComparisonOperator.Equal, status),
            VisibilityQueryParser.Parse($"ExecutionStatus = {literal}").Filter);

    [Theory]
    [InlineData("=", ComparisonOperator.Equal)]
    [InlineData("!=", ComparisonOperator.NotEqual)]
    [InlineData("<", ComparisonOperator.LessThan)]
    [InlineData("<=", ComparisonOperator.LessThanOrEqual)]
    [InlineData(">", ComparisonOperator.GreaterThan)]
    [InlineData(">=", ComparisonOperator.GreaterThanOrEqual)]
    public void Parse_TimeComparison_ParsesRfc3339(string text, ComparisonOperator op) =>
        Assert.Equal(new Compare(VisibilityField.StartTime, op, Noon),
            VisibilityQueryParser.Parse($"StartTime {text} '2024-05-01T14:00:00+02:00'").Filter);

    [Fact]
    public void Parse_InList_BuildsInWithTypedValues()
    {
        var filter = Assert.IsType<In>(VisibilityQueryParser.Parse("ExecutionStatus IN ('Running', 'Failed')").Filter);

        Assert.Equal(VisibilityField.ExecutionStatus, filter.Field);
        Assert.Equal([1, 3], filter.Values);
    }

    [Fact]
    public void Parse_NotIn_NegatesIn()
    {
        var filter = Assert.IsType<Not>(VisibilityQueryParser.Parse("WorkflowType NOT IN ('a','b')").Filter);

        Assert.Equal(["a", "b"], Assert.IsType<In>(filter.Inner).Values);
    }

    [Fact]
    public void Parse_StartsWith_BuildsStartsWith() =>
        Assert.Equal(new StartsWith(VisibilityField.WorkflowId, "order-"), VisibilityQueryParser.Parse("WorkflowId STARTS_WITH 'order-'").Filter);

    [Fact]
    public void Parse_IsNullAndIsNotNull_CompareWithNull()
    {
        Assert.Equal(new Compare(VisibilityField.CloseTime, ComparisonOperator.Equal, null), VisibilityQueryParser.Parse("CloseTime IS NULL").Filter);
        Assert.Equal(new Compare(VisibilityField.CloseTime, ComparisonOperator.NotEqual, null), VisibilityQueryParser.Parse("CloseTime is not null").Filter);
    }

    [Fact]
    public void Parse_AndBindsTighterThanOr()
    {
        var filter = VisibilityQueryParser.Parse("WorkflowId = 'a' OR WorkflowId = 'b' AND TaskQueue = 'q'").Filter;

        var or = Assert.IsType<Or>(filter);
        Assert.Equal(new Compare(VisibilityField.WorkflowId, ComparisonOperator.Equal, "a"), or.Left);
        var and = Assert.IsType<And>(or.Right);
        Assert.Equal(new Compare(VisibilityField.TaskQueue, ComparisonOperator.Equal, "q"), and.Right);
    }

    [Fact]
    public void Parse_Parentheses_OverridePrecedence()
    {
        var and = Assert.IsType<And>(VisibilityQueryParser.Parse("(WorkflowId = 'a' OR WorkflowId = 'b') AND TaskQueue = 'q'").Filter);

        Assert.IsType<Or>(and.Left);
    }

    [Fact]
    public void Parse_NotBindsTighterThanAnd()
    {
        var and = Assert.IsType<And>(VisibilityQueryParser.Parse("NOT WorkflowId = 'a' AND TaskQueue = 'q'").Filter);

        Assert.IsType<Not>(and.Left);
    }

    [Fact]
    public void Parse_OrIsLeftAssociative()
    {
        var or = Assert.IsType<Or>(VisibilityQueryParser.Parse("WorkflowId = 'a' OR WorkflowId = 'b' OR WorkflowId = 'c'").Filter);

        Assert.IsType<Or>(or.Left);
        Assert.Equal(new Compare(VisibilityField.WorkflowId, ComparisonOperator.Equal, "c"), or.Right);
    }

    [Theory]
    [InlineData("ORDER BY StartTime", VisibilityField.StartTime, false)]
    [InlineData("ORDER BY CloseTime DESC", VisibilityField.CloseTime, true)]
    [InlineData("order by ExecutionTime asc", VisibilityField.ExecutionTime, false)]
    public void Parse_OrderByAlone_HasNoFilter(string query, VisibilityField field, bool descending)
    {
        var parsed = VisibilityQueryParser.Parse(query);

        Assert.Null(parsed.Filter);
        Assert.Equal(new VisibilityOrder(field, descending), parsed.OrderBy);
    }

    [Fact]
    public void Parse_FilterThenOrderBy_HasBoth()
    {
        var parsed = VisibilityQueryParser.Parse("ExecutionStatus = 'Running' ORDER BY StartTime DESC");

        Assert.Equal(new Compare(VisibilityField.ExecutionStatus, ComparisonOperator.Equal, 1), parsed.Filter);
        Assert.Equal(new VisibilityOrder(VisibilityField.StartTime, true), parsed.OrderBy);
    }

    [Theory]
    [InlineData("Foo = 'x'", 0, "unknown field 'Foo'")]
    [InlineData("WorkflowId 'x'", 11, "expected an operator after WorkflowId")]
    [InlineData("WorkflowId = x", 13, "expected a value in quotes for WorkflowId")]
    [InlineData("WorkflowId > 'x'", 11, "works only on StartTime")]
    [InlineData("ExecutionStatus = 'Sleeping'", 18, "'Running'")]
    [InlineData("StartTime > 'yesterday'", 12, "RFC3339")]
    [InlineData("StartTime IN ('2024-01-01T00:00:00Z')", 10, "IN is not supported on StartTime")]
    [InlineData("ExecutionStatus STARTS_WITH 'R'", 16, "STARTS_WITH works on")]
    [InlineData("(WorkflowId = 'a'", 17, "expected ')' to close the '(' at position 0")]
    [InlineData("WorkflowId = 'a", 13, "missing its closing '")]
    [InlineData("WorkflowId = 'a' AND", 20, "expected a field name")]
    [InlineData("WorkflowId = 'a' TaskQueue = 'q'", 17, "expected AND, OR, ORDER BY or the end")]
    [InlineData("ORDER BY WorkflowId", 9, "ORDER BY supports StartTime")]
    [InlineData("ORDER StartTime", 6, "expected BY after ORDER")]
    [InlineData("CloseTime IS 'x'", 13, "expected NULL after IS")]
    [InlineData("WorkflowId IN 'a'", 14, "expected '(' after IN")]
    [InlineData("WorkflowId IN ('a' 'b')", 19, "expected ',' or ')'")]
    [InlineData("WorkflowId ! 'a'", 11, "'!' must be followed by '='")]
    [InlineData("WorkflowId = 'a' ; DROP", 17, "unexpected character ';'")]
    public void Parse_InvalidQuery_NamesThePositionAndWhatWasExpected(string query, int position, string expected)
    {
        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityQueryParser.Parse(query));

        Assert.Equal(position, error.Position);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains($"position {position}", error.Message, StringComparison.Ordinal);
    }
}
