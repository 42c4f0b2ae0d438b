using System.Text;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.Engine.Persistence.Visibility;
using Npgsql;
using static Fencepost.Engine.Persistence.Postgres.Sql.PostgresParameters;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>
/// Turns a <see cref="VisibilityQuery"/> into SQL over executions_visibility, parameterized ($1 is
/// always the namespace). Comparisons are two-valued like the embedded store's C# (a missing
/// CloseTime is simply not less than anything, and NOT of that is true), so close_time comparisons
/// are wrapped in COALESCE(..., false) and NotEqual is IS DISTINCT FROM. Ordering puts rows without
/// a CloseTime last in both directions and breaks ties by run id ascending; paging is keyset on
/// (null-ness, time, run id), so runs inserted meanwhile never shift a page.
/// </summary>
internal sealed partial class PostgresVisibilityQueryBuilder
{
    private readonly StringBuilder _sql = new();
    private readonly List<NpgsqlParameter> _parameters = [];

    private PostgresVisibilityQueryBuilder(string prefix, Guid namespaceId)
    {
        _sql.Append(prefix);
        _parameters.Add(Uuid(namespaceId));
    }

    public string Sql => _sql.ToString();

    public NpgsqlParameter[] Parameters => [.. _parameters];

    public static PostgresVisibilityQueryBuilder List(Guid namespaceId, VisibilityQuery query, VisibilityPageToken? after, int limit)
    {
        var builder = new PostgresVisibilityQueryBuilder(PostgresStatements.ListVisibilityPrefix, namespaceId);
        builder.AppendFilter(query.Filter);
        var order = query.OrderBy ?? new VisibilityOrder(VisibilityField.StartTime, Descending: true);
        var column = OrderColumn(order.Field);
        var nullable = order.Field == VisibilityField.CloseTime;
        if (after is { } token)
        {
            builder.AppendKeyset(column, nullable, order.Descending, token);
        }
        builder._sql.Append(" ORDER BY ");
        if (nullable)
        {
            builder._sql.Append(column).Append(" IS NULL, ");
        }
        builder._sql.Append(column).Append(order.Descending ? " DESC" : " ASC").Append(", run_id ASC LIMIT ").Append(builder.Add(Int(limit)));
        return builder;
    }

    public static PostgresVisibilityQueryBuilder Count(Guid namespaceId, VisibilityFilter? filter)
    {
        var builder = new PostgresVisibilityQueryBuilder(PostgresStatements.CountVisibilityPrefix, namespaceId);
        builder.AppendFilter(filter);
        return builder;
    }

    public static PostgresVisibilityQueryBuilder CountByStatus(Guid namespaceId, VisibilityFilter? filter)
    {
        var builder = new PostgresVisibilityQueryBuilder(PostgresStatements.CountVisibilityByStatusPrefix, namespaceId);
        builder.AppendFilter(filter);
        builder._sql.Append(PostgresStatements.CountVisibilityByStatusSuffix);
        return builder;
    }

    /// <summary>One built statement of each shape, every operator included, for the statement catalog.</summary>
    public static IEnumerable<string> CatalogExamples()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        VisibilityFilter every = new VisibilityFilter.And(
            new VisibilityFilter.Or(
                new VisibilityFilter.Compare(VisibilityField.WorkflowId, ComparisonOperator.Equal, "w"),
                new VisibilityFilter.Not(new VisibilityFilter.Compare(VisibilityField.WorkflowType, ComparisonOperator.NotEqual, "t"))),
            new VisibilityFilter.And(
                new VisibilityFilter.And(
                    new VisibilityFilter.In(VisibilityField.ExecutionStatus, [1, 2]),
                    new VisibilityFilter.StartsWith(VisibilityField.TaskQueue, "q")),
                new VisibilityFilter.And(
                    new VisibilityFilter.Compare(VisibilityField.CloseTime, ComparisonOperator.LessThan, at),
                    new VisibilityFilter.And(
                        new VisibilityFilter.Compare(VisibilityField.CloseTime, ComparisonOperator.Equal, null),
                        new VisibilityFilter.Compare(VisibilityField.StartTime, ComparisonOperator.GreaterThanOrEqual, at)))),
            AttributeCatalogExample(at));
        var runId = Guid.Empty;
        foreach (var order in new VisibilityOrder?[] { null, new(VisibilityField.CloseTime, false), new(VisibilityField.CloseTime, true), new(VisibilityField.ExecutionTime, false) })
        {
            yield return List(runId, new VisibilityQuery(every, order), new VisibilityPageToken(order?.Field ?? VisibilityField.StartTime, order?.Descending ?? true, at, runId), 10).Sql;
            yield return List(runId, new VisibilityQuery(every, order), new VisibilityPageToken(order?.Field ?? VisibilityField.StartTime, order?.Descending ?? true, null, runId), 10).Sql;
        }
        yield return List(runId, VisibilityQuery.All, null, 10).Sql;
        yield return Count(runId, every).Sql;
        yield return CountByStatus(runId, every).Sql;
    }

    private string Add(NpgsqlParameter parameter)
    {
        _parameters.Add(parameter);
        return "$" + _parameters.Count;
    }

    private void AppendFilter(VisibilityFilter? filter)
    {
        if (filter is null)
        {
            return;
        }
        // Refuses a filter nested too deeply before the recursive translation below walks it.
        VisibilityFilterEvaluator.Validate(filter);
        _sql.Append(" AND (");
        Append(filter);
        _sql.Append(')');
    }

    private void AppendKeyset(string column, bool nullable, bool descending, VisibilityPageToken token)
    {
        var runId = Add(Uuid(token.RunId));
        if (token.Time is not { } time)
        {
            // The last row had no CloseTime: only more of those remain, in run id order.
            _sql.Append(" AND ").Append(column).Append(" IS NULL AND run_id > ").Append(runId);
            return;
        }
        var at = Add(Time(time));
        var beyond = descending ? " < " : " > ";
        _sql.Append(" AND (").Append(column).Append(beyond).Append(at)
            .Append(" OR (").Append(column).Append(" = ").Append(at).Append(" AND run_id > ").Append(runId).Append(')');
        if (nullable)
        {
            _sql.Append(" OR ").Append(column).Append(" IS NULL");
        }
        _sql.Append(')');
    }

    private void Append(VisibilityFilter filter)
    {
        switch (filter)
        {
            case VisibilityFilter.And and:
                AppendAnd(and.Operands);
                break;
            case VisibilityFilter.Or or:
                Chain(or.Operands, " OR ");
                break;
            case VisibilityFilter.Not not:
                _sql.Append("NOT (");
                Append(not.Inner);
                _sql.Append(')');
                break;
            case VisibilityFilter.Compare compare:
                AppendCompare(compare);
                break;
            case VisibilityFilter.In @in:
                AppendIn(@in);
                break;
            case VisibilityFilter.SearchAttribute attribute:
                AppendAttribute(attribute);
                break;
            case VisibilityFilter.StartsWith startsWith:
                if (KindOf(startsWith.Field) != FieldKind.Text)
                {
                    throw new InvalidPersistenceRequestException($"STARTS_WITH applies to text fields, not {startsWith.Field}.");
                }
                _sql.Append(Column(startsWith.Field)).Append(" LIKE ").Append(Add(Text(EscapeLike(startsWith.Prefix) + "%")));
                break;
            default:
                throw new InvalidPersistenceRequestException($"Unknown visibility filter {filter.GetType().Name}.");
        }
    }

    /// <summary>
    /// One flat parenthesized chain, however many operands: PostgreSQL folds a flat AND/OR chain
    /// into one node, whereas nesting a pair per operand would exceed its max_stack_depth.
    /// </summary>
    private void Chain(IReadOnlyList<VisibilityFilter> operands, string op)
    {
        _sql.Append('(');
        for (var i = 0; i < operands.Count; i++)
        {
            if (i > 0)
            {
                _sql.Append(op);
            }
            Append(operands[i]);
        }
        _sql.Append(')');
    }

    private void AppendCompare(VisibilityFilter.Compare compare)
    {
        var column = Column(compare.Field);
        if (compare.Value is null)
        {
            _sql.Append(column).Append(compare.Operator switch
            {
                ComparisonOperator.Equal => " IS NULL",
                ComparisonOperator.NotEqual => " IS NOT NULL",
                _ => throw new InvalidPersistenceRequestException($"{compare.Field} can only be compared to null with = or !=."),
            });
            return;
        }
        var kind = KindOf(compare.Field);
        if (kind != FieldKind.Time && compare.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
        {
            throw new InvalidPersistenceRequestException($"{compare.Field} supports only =, != and IN, not {compare.Operator}.");
        }
        var value = Add(Parameter(compare.Field, compare.Value));
        if (compare.Operator == ComparisonOperator.NotEqual)
        {
            _sql.Append(column).Append(" IS DISTINCT FROM ").Append(value);
            return;
        }
        var op = compare.Operator switch
        {
            ComparisonOperator.Equal => " = ",
            ComparisonOperator.LessThan => " < ",
            ComparisonOperator.LessThanOrEqual => " <= ",
            ComparisonOperator.GreaterThan => " > ",
            _ => " >= ",
        };
        if (compare.Field == VisibilityField.CloseTime)
        {
            _sql.Append("COALESCE(").Append(column).Append(op).Append(value).Append(", FALSE)");
        }
        else
        {
            _sql.Append(column).Append(op).Append(value);
        }
    }

    private void AppendIn(VisibilityFilter.In @in)
    {
        if (KindOf(@in.Field) == FieldKind.Time)
        {
            throw new InvalidPersistenceRequestException($"IN applies to text fields and ExecutionStatus, not {@in.Field}.");
        }
        if (@in.Values.Count == 0)
        {
            _sql.Append("FALSE");
            return;
        }
        _sql.Append(Column(@in.Field)).Append(" IN (");
        for (var i = 0; i < @in.Values.Count; i++)
        {
            _sql.Append(i == 0 ? "" : ", ").Append(Add(Parameter(@in.Field, @in.Values[i])));
        }
        _sql.Append(')');
    }

    private static NpgsqlParameter Parameter(VisibilityField field, object? value) => (KindOf(field), value) switch
    {
        (FieldKind.Text, string text) => Text(text),
        (FieldKind.Text, Guid guid) when field == VisibilityField.RunId => Text(guid.ToString()),
        (FieldKind.Status, int status) => Int(status),
        (FieldKind.Time, DateTimeOffset time) => Time(time),
        _ => throw new InvalidPersistenceRequestException($"{field} cannot be compared with a {value?.GetType().Name ?? "null"} value."),
    };

    private enum FieldKind
    {
        Text,
        Status,
        Time,
    }

    private static FieldKind KindOf(VisibilityField field) => field switch
    {
        VisibilityField.ExecutionStatus => FieldKind.Status,
        VisibilityField.StartTime or VisibilityField.CloseTime or VisibilityField.ExecutionTime => FieldKind.Time,
        _ => FieldKind.Text,
    };

    private static string Column(VisibilityField field) => field switch
    {
        VisibilityField.WorkflowId => "workflow_id",
        // Run ids are compared as their text form, as the query language writes them.
        VisibilityField.RunId => "run_id::text",
        VisibilityField.WorkflowType => "workflow_type",
        VisibilityField.ExecutionStatus => "status",
        VisibilityField.TaskQueue => "task_queue",
        VisibilityField.StartTime => "start_time",
        VisibilityField.CloseTime => "close_time",
        VisibilityField.ExecutionTime => "execution_time",
        _ => throw new InvalidPersistenceRequestException($"Unknown visibility field {field}."),
    };

    private static string OrderColumn(VisibilityField field) => field switch
    {
        VisibilityField.StartTime or VisibilityField.CloseTime or VisibilityField.ExecutionTime => Column(field),
        _ => throw new InvalidPersistenceRequestException($"Runs can be ordered by StartTime, CloseTime or ExecutionTime, not {field}."),
    };

    private static string EscapeLike(string prefix) =>
        prefix.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
