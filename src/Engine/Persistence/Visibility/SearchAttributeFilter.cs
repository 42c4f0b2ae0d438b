using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>
/// What a <see cref="VisibilityFilter.SearchAttribute"/> predicate means, in memory: the embedded store
/// evaluates it here and the PostgreSQL store's SQL says the same. A run without the attribute
/// matches only IS NULL; != means "has it, and no value of it equals" (so a KeywordList that holds
/// the value does not match); = and IN on a KeywordList mean "holds one of"; = on Text means
/// "contains", case-sensitively.
/// </summary>
public static class SearchAttributeFilter
{
    public static bool Matches(VisibilityFilter.SearchAttribute predicate, IReadOnlyList<SearchAttributeValue>? values)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var held = values?.Where(v => v.Name == predicate.Name).ToList() ?? [];
        return predicate.Operator switch
        {
            AttributeOperator.IsNull => held.Count == 0,
            AttributeOperator.IsNotNull => held.Count > 0,
            AttributeOperator.NotEqual => held.Count > 0 && !held.Any(v => Test(predicate.Type, AttributeOperator.Equal, v, predicate.Values[0])),
            AttributeOperator.In => held.Any(v => predicate.Values.Any(x => Test(predicate.Type, AttributeOperator.Equal, v, x))),
            _ => held.Any(v => Test(predicate.Type, predicate.Operator, v, predicate.Values[0])),
        };
    }

    /// <summary>
    /// The bounds (&lt;, &lt;=, &gt;, &gt;=) one AND puts on the same Keyword, Int, Double or Datetime
    /// attribute, by name, where there are two or more (BETWEEN is one such pair): they test one
    /// value together (<see cref="MatchesAll"/>), so a PostgreSQL range is one index range scan
    /// rather than two half-open ones intersected.
    /// </summary>
    public static Dictionary<string, List<VisibilityFilter.SearchAttribute>> RangesIn(IReadOnlyList<VisibilityFilter> operands)
    {
        ArgumentNullException.ThrowIfNull(operands);
        return operands.OfType<VisibilityFilter.SearchAttribute>().Where(IsBound)
            .GroupBy(p => p.Name, StringComparer.Ordinal).Where(g => g.Count() > 1 && g.Select(p => p.Type).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="predicate"/> is a bound <see cref="RangesIn"/> groups.</summary>
    public static bool IsBound(VisibilityFilter.SearchAttribute predicate) =>
        predicate.Operator is AttributeOperator.LessThan or AttributeOperator.LessThanOrEqual or AttributeOperator.GreaterThan or AttributeOperator.GreaterThanOrEqual
        && predicate.Type is SearchAttributeType.Keyword or SearchAttributeType.Int or SearchAttributeType.Double or SearchAttributeType.Datetime;

    /// <summary>Whether one value of the attribute lies within every bound.</summary>
    public static bool MatchesAll(IReadOnlyList<VisibilityFilter.SearchAttribute> bounds, IReadOnlyList<SearchAttributeValue>? values)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        return values?.Any(v => v.Name == bounds[0].Name && bounds.All(b => Test(b.Type, b.Operator, v, b.Values[0]))) ?? false;
    }

    /// <summary>Refuses a predicate whose values do not fit its type or operator (INVALID_ARGUMENT at the frontend).</summary>
    public static void Validate(VisibilityFilter.SearchAttribute predicate)
    {
        if (string.IsNullOrEmpty(predicate.Name))
        {
            throw new InvalidPersistenceRequestException("A search attribute predicate needs a name.");
        }
        var expected = predicate.Operator switch
        {
            AttributeOperator.IsNull or AttributeOperator.IsNotNull => 0,
            AttributeOperator.In => -1,
            _ => 1,
        };
        if (predicate.Values is null || (expected >= 0 ? predicate.Values.Count != expected : predicate.Values.Count == 0))
        {
            throw new InvalidPersistenceRequestException($"{predicate.Operator} on {predicate.Name} needs {(expected < 0 ? "at least one value" : $"{expected} value(s)")}.");
        }
        var ordering = predicate.Operator is AttributeOperator.LessThan or AttributeOperator.LessThanOrEqual or AttributeOperator.GreaterThan or AttributeOperator.GreaterThanOrEqual;
        if (ordering && predicate.Type is not (SearchAttributeType.Keyword or SearchAttributeType.Int or SearchAttributeType.Double or SearchAttributeType.Datetime))
        {
            throw new InvalidPersistenceRequestException($"{predicate.Operator} does not apply to the {predicate.Type} search attribute {predicate.Name}.");
        }
        if (predicate.Operator == AttributeOperator.StartsWith && predicate.Type is not (SearchAttributeType.Keyword or SearchAttributeType.KeywordList))
        {
            throw new InvalidPersistenceRequestException($"STARTS_WITH does not apply to the {predicate.Type} search attribute {predicate.Name}.");
        }
        if (predicate.Type == SearchAttributeType.Text && predicate.Operator is not (AttributeOperator.Equal or AttributeOperator.NotEqual or AttributeOperator.IsNull or AttributeOperator.IsNotNull))
        {
            throw new InvalidPersistenceRequestException($"{predicate.Operator} does not apply to the Text search attribute {predicate.Name}.");
        }
        foreach (var value in predicate.Values)
        {
            var fits = predicate.Type switch
            {
                SearchAttributeType.Keyword or SearchAttributeType.KeywordList or SearchAttributeType.Text => value is string,
                SearchAttributeType.Int => value is long,
                SearchAttributeType.Double => value is double,
                SearchAttributeType.Bool => value is bool,
                SearchAttributeType.Datetime => value is DateTimeOffset,
                _ => false,
            };
            if (!fits)
            {
                throw new InvalidPersistenceRequestException($"The {predicate.Type} search attribute {predicate.Name} cannot be compared with {(value is null ? "null" : value.GetType().Name)} '{value}'.");
            }
        }
    }

    private static bool Test(SearchAttributeType type, AttributeOperator op, SearchAttributeValue held, object expected)
    {
        if (op == AttributeOperator.StartsWith)
        {
            return held.Keyword is { } keyword && keyword.StartsWith((string)expected, StringComparison.Ordinal);
        }
        int? order = type switch
        {
            SearchAttributeType.Keyword or SearchAttributeType.KeywordList => held.Keyword is { } k ? string.CompareOrdinal(k, (string)expected) : null,
            SearchAttributeType.Text => held.String is { } text && text.Contains((string)expected, StringComparison.Ordinal) ? 0 : null,
            SearchAttributeType.Int => held.Int?.CompareTo((long)expected),
            SearchAttributeType.Double => held.Double?.CompareTo((double)expected),
            SearchAttributeType.Bool => held.Int is { } flag && flag == ((bool)expected ? 1 : 0) ? 0 : null,
            SearchAttributeType.Datetime => held.Time?.CompareTo((DateTimeOffset)expected),
            _ => null,
        };
        if (order is not { } o)
        {
            return false;
        }
        return op switch
        {
            AttributeOperator.Equal => o == 0,
            AttributeOperator.LessThan => o < 0,
            AttributeOperator.LessThanOrEqual => o <= 0,
            AttributeOperator.GreaterThan => o > 0,
            AttributeOperator.GreaterThanOrEqual => o >= 0,
            _ => false,
        };
    }
}
