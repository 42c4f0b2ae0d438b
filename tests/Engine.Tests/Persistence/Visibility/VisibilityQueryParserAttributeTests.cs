using Fencepost.Engine.Persistence.Visibility;
using static Fencepost.Engine.Persistence.Visibility.VisibilityFilter;

namespace Fencepost.Engine.Tests.Persistence.VisibilityQueries;

public class VisibilityQueryParserAttributeTests
{
    private static readonly Dictionary<string, SearchAttributeType> Registered = new()
    {
        ["CustomKeywordField"] = SearchAttributeType.Keyword,
        ["CustomTextField"] = SearchAttributeType.Text,
        ["CustomIntField"] = SearchAttributeType.Int,
        ["CustomDoubleField"] = SearchAttributeType.Double,
        ["CustomBoolField"] = SearchAttributeType.Bool,
        ["CustomDatetimeField"] = SearchAttributeType.Datetime,
        ["CustomKeywordListField"] = SearchAttributeType.KeywordList,
    };

    private static VisibilityFilter? Parse(string query) => VisibilityQueryParser.Parse(query, Registered).Filter;

    [Fact]
    public void Parse_EachTypeWithItsValue_BuildsTypedAttributePredicates()
    {
        Assert.Equal(new SearchAttribute("CustomKeywordField", SearchAttributeType.Keyword, AttributeOperator.Equal, ["a"]), Parse("CustomKeywordField = 'a'"));
        Assert.Equal(new SearchAttribute("CustomIntField", SearchAttributeType.Int, AttributeOperator.GreaterThan, [-42L]), Parse("CustomIntField > -42"));
        Assert.Equal(new SearchAttribute("CustomDoubleField", SearchAttributeType.Double, AttributeOperator.LessThanOrEqual, [1.5e3]), Parse("CustomDoubleField <= 1.5e3"));
        Assert.Equal(new SearchAttribute("CustomBoolField", SearchAttributeType.Bool, AttributeOperator.Equal, [true]), Parse("CustomBoolField = true"));
        Assert.Equal(new SearchAttribute("CustomDatetimeField", SearchAttributeType.Datetime, AttributeOperator.LessThan, [new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)]),
            Parse("CustomDatetimeField < '2024-01-02T03:04:05Z'"));
        Assert.Equal(new SearchAttribute("CustomKeywordListField", SearchAttributeType.KeywordList, AttributeOperator.In, ["x", "y"]), Parse("CustomKeywordListField IN ('x', 'y')"));
        Assert.Equal(new Not(new SearchAttribute("CustomKeywordField", SearchAttributeType.Keyword, AttributeOperator.In, ["x"])), Parse("CustomKeywordField NOT IN ('x')"));
        Assert.Equal(new SearchAttribute("CustomKeywordField", SearchAttributeType.Keyword, AttributeOperator.StartsWith, ["pre"]), Parse("`CustomKeywordField` STARTS_WITH 'pre'"));
        Assert.Equal(new SearchAttribute("CustomTextField", SearchAttributeType.Text, AttributeOperator.IsNull, []), Parse("CustomTextField IS NULL"));
    }

    [Fact]
    public void Parse_Between_BecomesBothBoundsInclusive()
    {
        Assert.Equal(new And(
                new SearchAttribute("CustomIntField", SearchAttributeType.Int, AttributeOperator.GreaterThanOrEqual, [1L]),
                new SearchAttribute("CustomIntField", SearchAttributeType.Int, AttributeOperator.LessThanOrEqual, [5L])),
            Parse("CustomIntField BETWEEN 1 AND 5"));
        var noon = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new And(
                new And(
                    new Compare(VisibilityField.StartTime, ComparisonOperator.GreaterThanOrEqual, noon),
                    new Compare(VisibilityField.StartTime, ComparisonOperator.LessThanOrEqual, noon.AddHours(1))),
                new SearchAttribute("CustomKeywordField", SearchAttributeType.Keyword, AttributeOperator.Equal, ["k"])),
            Parse("StartTime BETWEEN '2024-05-01T12:00:00Z' AND '2024-05-01T13:00:00Z' AND CustomKeywordField = 'k'"));
    }

    [Theory]
    [InlineData("CustomIntField = 'ten'", "CustomIntField is a Int search attribute; expected an integer")]
    [InlineData("CustomBoolField > true", "CustomBoolField is a Bool search attribute: it supports =, !=, IN and IS NULL, not '>'")]
    [InlineData("CustomTextField STARTS_WITH 'a'", "not STARTS_WITH")]
    [InlineData("CustomKeywordListField BETWEEN 'a' AND 'b'", "not BETWEEN")]
    [InlineData("CustomDatetimeField = 'yesterday'", "expected an RFC3339 time")]
    [InlineData("CustomIntField BETWEEN 1 OR 5", "expected AND between the two bounds of BETWEEN")]
    [InlineData("Unregistered = 'x'", "unknown field 'Unregistered'; the fields are")]
    public void Parse_AttributeMisused_InvalidWithAReason(string query, string expected)
    {
        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityQueryParser.Parse(query, Registered));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnregisteredAttributeWithoutRegistry_SaysHowToRegister()
    {
        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityQueryParser.Parse("CustomKeywordField = 'x'"));
        Assert.Contains("AddSearchAttributes", error.Message, StringComparison.Ordinal);
    }
}
