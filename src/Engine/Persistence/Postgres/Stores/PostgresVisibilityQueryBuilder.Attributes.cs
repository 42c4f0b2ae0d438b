using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Visibility;
using Npgsql;
using static Fencepost.Engine.Persistence.Postgres.Sql.PostgresParameters;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>
/// Search attribute predicates as semi-joins on executions_search_attributes, which PostgreSQL
/// runs from whichever side is cheaper: a range scan of the value index (esa_*_idx, by namespace,
/// attribute and value) for a selective filter, or a primary-key probe per visibility row read in
/// list order for a broad one. The meaning is <see cref="SearchAttributeFilter"/>'s.
/// </summary>
internal sealed partial class PostgresVisibilityQueryBuilder
{
    private const string HeldBy = "EXISTS (SELECT 1 FROM executions_search_attributes s WHERE s.namespace_id = $1 AND s.run_id = executions_visibility.run_id AND s.name = ";

    private void AppendAttribute(VisibilityFilter.SearchAttribute predicate)
    {
        SearchAttributeFilter.Validate(predicate);
        var name = Add(Text(predicate.Name));
        switch (predicate.Operator)
        {
            case AttributeOperator.IsNull:
                _sql.Append("NOT ").Append(HeldBy).Append(name).Append(')');
                return;
            case AttributeOperator.IsNotNull:
                _sql.Append(HeldBy).Append(name).Append(')');
                return;
            case AttributeOperator.NotEqual:
                _sql.Append('(').Append(HeldBy).Append(name).Append(") AND NOT ").Append(HeldBy).Append(name).Append(" AND ");
                AppendTest(predicate.Type, AttributeOperator.Equal, predicate.Values[0]);
                _sql.Append("))");
                return;
            case AttributeOperator.In:
                // column IN (...) is one index scan over the listed values; an OR of equalities is not.
                _sql.Append(HeldBy).Append(name).Append(" AND ").Append(ColumnOf(predicate.Type)).Append(" IN (");
                for (var i = 0; i < predicate.Values.Count; i++)
                {
                    _sql.Append(i == 0 ? "" : ", ").Append(Add(ParameterOf(predicate.Type, predicate.Values[i])));
                }
                _sql.Append("))");
                return;
            default:
                _sql.Append(HeldBy).Append(name).Append(" AND ");
                AppendTest(predicate.Type, predicate.Operator, predicate.Values[0]);
                _sql.Append(')');
                return;
        }
    }

    /// <summary>
    /// An AND chain, with the bounds it puts on one attribute (BETWEEN) in one EXISTS: one range scan
    /// of the value index instead of two half-open ones intersected (<see cref="SearchAttributeFilter.RangesIn"/>).
    /// </summary>
    private void AppendAnd(IReadOnlyList<VisibilityFilter> operands)
    {
        var ranges = SearchAttributeFilter.RangesIn(operands);
        if (ranges.Count == 0)
        {
            Chain(operands, " AND ");
            return;
        }
        _sql.Append('(');
        var first = true;
        foreach (var operand in operands)
        {
            if (operand is VisibilityFilter.SearchAttribute bound && SearchAttributeFilter.IsBound(bound) && ranges.TryGetValue(bound.Name, out var bounds))
            {
                if (!ReferenceEquals(bounds[0], bound))
                {
                    continue;
                }
                _sql.Append(first ? "" : " AND ");
                AppendRange(bounds);
            }
            else
            {
                _sql.Append(first ? "" : " AND ");
                Append(operand);
            }
            first = false;
        }
        _sql.Append(')');
    }

    private void AppendRange(List<VisibilityFilter.SearchAttribute> bounds)
    {
        foreach (var bound in bounds)
        {
            SearchAttributeFilter.Validate(bound);
        }
        _sql.Append(HeldBy).Append(Add(Text(bounds[0].Name)));
        foreach (var bound in bounds)
        {
            _sql.Append(" AND ");
            AppendTest(bound.Type, bound.Operator, bound.Values[0]);
        }
        _sql.Append(')');
    }

    private void AppendTest(SearchAttributeType type, AttributeOperator op, object value)
    {
        if (op == AttributeOperator.StartsWith)
        {
            _sql.Append("s.kw LIKE ").Append(Add(Text(EscapeLike((string)value) + "%")));
            return;
        }
        if (type == SearchAttributeType.Text)
        {
            _sql.Append("strpos(COALESCE(s.txt, s.kw), ").Append(Add(Text((string)value))).Append(") > 0");
            return;
        }
        var (column, parameter) = (ColumnOf(type), ParameterOf(type, value));
        var comparison = op switch
        {
            AttributeOperator.Equal => " = ",
            AttributeOperator.LessThan => " < ",
            AttributeOperator.LessThanOrEqual => " <= ",
            AttributeOperator.GreaterThan => " > ",
            _ => " >= ",
        };
        _sql.Append(column).Append(comparison).Append(Add(parameter));
    }

    private static string ColumnOf(SearchAttributeType type) => type switch
    {
        SearchAttributeType.Keyword or SearchAttributeType.KeywordList => "s.kw",
        SearchAttributeType.Int or SearchAttributeType.Bool => "s.num",
        SearchAttributeType.Double => "s.dbl",
        SearchAttributeType.Datetime => "s.ts",
        _ => throw new InvalidPersistenceRequestException($"A {type} search attribute has no comparable column."),
    };

    private static NpgsqlParameter ParameterOf(SearchAttributeType type, object value) => type switch
    {
        SearchAttributeType.Keyword or SearchAttributeType.KeywordList => Text((string)value),
        SearchAttributeType.Int => Long((long)value),
        SearchAttributeType.Bool => Long((bool)value ? 1 : 0),
        SearchAttributeType.Double => Double((double)value),
        _ => Time((DateTimeOffset)value),
    };

    /// <summary>A filter with every search attribute shape, for the statement catalog.</summary>
    private static VisibilityFilter.And AttributeCatalogExample(DateTimeOffset at) => new VisibilityFilter.And(
        new VisibilityFilter.SearchAttribute("K", SearchAttributeType.Keyword, AttributeOperator.Equal, ["k"]),
        new VisibilityFilter.SearchAttribute("K", SearchAttributeType.Keyword, AttributeOperator.StartsWith, ["k"]),
        new VisibilityFilter.SearchAttribute("L", SearchAttributeType.KeywordList, AttributeOperator.In, ["a", "b"]),
        new VisibilityFilter.SearchAttribute("L", SearchAttributeType.KeywordList, AttributeOperator.NotEqual, ["a"]),
        new VisibilityFilter.SearchAttribute("T", SearchAttributeType.Text, AttributeOperator.Equal, ["t"]),
        new VisibilityFilter.SearchAttribute("I", SearchAttributeType.Int, AttributeOperator.GreaterThan, [1L]),
        new VisibilityFilter.SearchAttribute("R", SearchAttributeType.Int, AttributeOperator.GreaterThanOrEqual, [1L]),
        new VisibilityFilter.SearchAttribute("R", SearchAttributeType.Int, AttributeOperator.LessThanOrEqual, [9L]),
        new VisibilityFilter.SearchAttribute("D", SearchAttributeType.Double, AttributeOperator.LessThanOrEqual, [1.5]),
        new VisibilityFilter.SearchAttribute("B", SearchAttributeType.Bool, AttributeOperator.Equal, [true]),
        new VisibilityFilter.SearchAttribute("W", SearchAttributeType.Datetime, AttributeOperator.GreaterThanOrEqual, [at]),
        new VisibilityFilter.SearchAttribute("N", SearchAttributeType.Keyword, AttributeOperator.IsNull, []),
        new VisibilityFilter.SearchAttribute("N", SearchAttributeType.Keyword, AttributeOperator.IsNotNull, []));
}
