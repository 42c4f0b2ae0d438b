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

    private static Compare Id(string value) => new(VisibilityField.WorkflowId, ComparisonOperator.Equal, value);

    [Fact]
    public void Parse_AndBindsTighterThanOr()
    {
        var filter = VisibilityQueryParser.Parse("WorkflowId = 'a' OR WorkflowId = 'b' AND TaskQueue = 'q'").Filter;

        Assert.Equal(new Or(Id("a"), new And(Id("b"), new Compare(VisibilityField.TaskQueue, ComparisonOperator.Equal, "q"))), filter);
    }

    [Fact]
    public void Parse_Parentheses_OverridePrecedence()
    {
        var and = Assert.IsType<And>(VisibilityQueryParser.Parse("(WorkflowId = 'a' OR WorkflowId = 'b') AND TaskQueue = 'q'").Filter);

        Assert.Equal(new Or(Id("a"), Id("b")), and.Operands[0]);
    }

    [Fact]
    public void Parse_NotBindsTighterThanAnd()
    {
        var and = Assert.IsType<And>(VisibilityQueryParser.Parse("NOT WorkflowId = 'a' AND TaskQueue = 'q'").Filter);

        Assert.IsType<Not>(and.Operands[0]);
    }

    [Fact]
    public void Parse_OrChain_IsOneNodeWithEveryOperandInOrder()
    {
        var filter = VisibilityQueryParser.Parse("WorkflowId = 'a' OR WorkflowId = 'b' OR WorkflowId = 'c'").Filter;

        Assert.Equal(new Or(Id("a"), Id("b"), Id("c")), filter);
    }

    [Fact]
    public void Parse_LongAndChainWithinTheLengthLimit_IsOneFlatNode()
    {
        const int terms = 2_000;
        var query = string.Join(" AND ", Enumerable.Range(0, terms).Select(i => $"WorkflowId != '{i}'"));
        Assert.True(query.Length <= VisibilityQueryLimits.MaxQueryLength);

        var and = Assert.IsType<And>(VisibilityQueryParser.Parse(query).Filter);

        Assert.Equal(terms, and.Operands.Count);
        Assert.All(and.Operands, operand => Assert.IsType<Compare>(operand));
    }

    [Fact]
    public void Parse_NestedToTheLimit_Parses()
    {
        var depth = VisibilityQueryLimits.MaxNestingDepth;
        var query = new string('(', depth / 2) + string.Concat(Enumerable.Repeat("NOT ", depth - (depth / 2))) + "WorkflowId = 'a'" + new string(')', depth / 2);

        Assert.NotNull(VisibilityQueryParser.Parse(query).Filter);
    }

    [Theory]
    [InlineData("(", 20_000)]
    [InlineData("NOT ", 10_000)]
    [InlineData("(", VisibilityQueryLimits.MaxNestingDepth + 1)]
    public void Parse_NestedBeyondTheLimit_RefusedNamingTheLimit(string level, int levels)
    {
        // 20,000 unclosed parentheses used to overflow the parser's stack and end the process.
        var query = string.Concat(Enumerable.Repeat(level, levels)) + "WorkflowId = 'a'";

        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityQueryParser.Parse(query));

        Assert.Contains($"nested more than {VisibilityQueryLimits.MaxNestingDepth} levels deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongerThanTheLimit_RefusedNamingTheLimit()
    {
        // 100,000 terms: the evaluator used to recurse once per term and overflow its stack.
        var query = string.Join(" AND ", Enumerable.Repeat("WorkflowId = 'a'", 100_000));

        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityQueryParser.Parse(query));

        Assert.Contains("the limit is 65,536", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 300, "the message quotes only an excerpt of the query");
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
