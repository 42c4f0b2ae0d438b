using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>
/// Evaluates a <see cref="VisibilityFilter"/> against a <see cref="VisibilityRecord"/> in memory,
/// with SQL's three-valued logic so it agrees with the PostgreSQL store's WHERE clause: a comparison
/// with a missing CloseTime is unknown, NOT unknown is unknown, and only true rows match.
/// </summary>
public static class VisibilityFilterEvaluator
{
    /// <summary>True when <paramref name="record"/> matches (a null filter matches everything).</summary>
    public static bool Matches(VisibilityFilter? filter, VisibilityRecord record) =>
        filter is null || Evaluate(filter, record) == true;

    /// <summary>
    /// Refuses a filter whose values do not fit their fields (a string for a time, an operator a
    /// field does not support) or that is nested deeper than <see cref="VisibilityQueryLimits.MaxFilterDepth"/>
    /// with <see cref="InvalidPersistenceRequestException"/>. Walks the tree without recursion, so
    /// it is safe on any filter; a filter it accepts is shallow enough for everything else to recurse.
    /// </summary>
    public static void Validate(VisibilityFilter? filter)
    {
        if (filter is null)
        {
            return;
        }
        var pending = new Stack<(VisibilityFilter Node, int Depth)>();
        pending.Push((filter, 1));
        while (pending.TryPop(out var item))
        {
            if (item.Depth > VisibilityQueryLimits.MaxFilterDepth)
            {
                throw Invalid($"The filter is nested more than {VisibilityQueryLimits.MaxFilterDepth} levels deep, the limit.");
            }
            switch (item.Node)
            {
                case VisibilityFilter.And and:
                    PushOperands(pending, and.Operands, item.Depth + 1);
                    break;
                case VisibilityFilter.Or or:
                    PushOperands(pending, or.Operands, item.Depth + 1);
                    break;
                case VisibilityFilter.Not not:
                    pending.Push((not.Inner ?? throw Invalid("NOT needs an operand."), item.Depth + 1));
                    break;
                case VisibilityFilter.Compare compare:
                    ValidateCompare(compare);
                    break;
                case VisibilityFilter.In @in:
                    if (FieldKind(@in.Field) == VisibilityValueKind.Time)
                    {
                        throw Invalid($"IN is not supported on the time field {@in.Field}; use range comparisons.");
                    }
                    foreach (var value in @in.Values)
                    {
                        ValidateValue(@in.Field, value);
                    }
                    break;
                case VisibilityFilter.SearchAttribute attribute:
                    SearchAttributeFilter.Validate(attribute);
                    break;
                case VisibilityFilter.StartsWith startsWith:
                    if (FieldKind(startsWith.Field) != VisibilityValueKind.Text)
                    {
                        throw Invalid($"STARTS_WITH needs a text field, not {startsWith.Field}.");
                    }
                    ArgumentNullException.ThrowIfNull(startsWith.Prefix);
                    break;
                default:
                    throw Invalid($"Unknown filter node {item.Node?.GetType().Name ?? "null"}.");
            }
        }
    }

    private static void PushOperands(Stack<(VisibilityFilter Node, int Depth)> pending, IReadOnlyList<VisibilityFilter>? operands, int depth)
    {
        if (operands is null || operands.Count == 0)
        {
            throw Invalid("AND and OR need at least one operand.");
        }
        foreach (var operand in operands)
        {
            pending.Push((operand ?? throw Invalid("AND and OR operands cannot be null."), depth));
        }
    }

    /// <summary>The field's value in <paramref name="record"/>: string, int or DateTimeOffset (null for an open run's CloseTime).</summary>
    public static object? FieldValue(VisibilityField field, VisibilityRecord record) => field switch
    {
        VisibilityField.WorkflowId => record.WorkflowId,
        VisibilityField.RunId => record.RunId.ToString(),
        VisibilityField.WorkflowType => record.WorkflowType,
        VisibilityField.ExecutionStatus => record.Status,
        VisibilityField.TaskQueue => record.TaskQueue,
        VisibilityField.StartTime => record.StartTime,
        VisibilityField.CloseTime => record.CloseTime,
        VisibilityField.ExecutionTime => record.ExecutionTime,
        _ => throw Invalid($"Unknown visibility field {field}."),
    };

    private static bool? Evaluate(VisibilityFilter filter, VisibilityRecord record) => filter switch
    {
        VisibilityFilter.And and => And(and.Operands, record),
        VisibilityFilter.Or or => Or(or.Operands, record),
        VisibilityFilter.Not not => Evaluate(not.Inner, record) is { } inner ? !inner : null,
        VisibilityFilter.Compare compare => EvaluateCompare(compare, FieldValue(compare.Field, record)),
        VisibilityFilter.In @in => EvaluateIn(@in, FieldValue(@in.Field, record)),
        VisibilityFilter.SearchAttribute attribute => SearchAttributeFilter.Matches(attribute, record.Attributes),
        VisibilityFilter.StartsWith startsWith => FieldValue(startsWith.Field, record) is string text
            ? text.StartsWith(startsWith.Prefix, StringComparison.Ordinal)
            : null,
        _ => throw Invalid($"Unknown filter node {filter.GetType().Name}."),
    };

    /// <summary>False if any operand is false, else unknown if any is unknown, else true (SQL's AND).</summary>
    private static bool? And(IReadOnlyList<VisibilityFilter> operands, VisibilityRecord record)
    {
        bool? result = true;
        var ranges = SearchAttributeFilter.RangesIn(operands);
        foreach (var operand in operands)
        {
            bool? value;
            if (operand is VisibilityFilter.SearchAttribute bound && SearchAttributeFilter.IsBound(bound) && ranges.TryGetValue(bound.Name, out var bounds))
            {
                // The bounds on one attribute test one value together; evaluated with the first.
                if (!ReferenceEquals(bounds[0], bound))
                {
                    continue;
                }
                value = SearchAttributeFilter.MatchesAll(bounds, record.Attributes);
            }
            else
            {
                value = Evaluate(operand, record);
            }
            switch (value)
            {
                case false:
                    return false;
                case null:
                    result = null;
                    break;
            }
        }
        return result;
    }

    /// <summary>True if any operand is true, else unknown if any is unknown, else false (SQL's OR).</summary>
    private static bool? Or(IReadOnlyList<VisibilityFilter> operands, VisibilityRecord record)
    {
        bool? result = false;
        foreach (var operand in operands)
        {
            switch (Evaluate(operand, record))
            {
                case true:
                    return true;
                case null:
                    result = null;
                    break;
            }
        }
        return result;
    }

    private static bool? EvaluateCompare(VisibilityFilter.Compare compare, object? actual)
    {
        if (compare.Value is null)
        {
            // IS NULL / IS NOT NULL: never unknown.
            return compare.Operator == ComparisonOperator.Equal ? actual is null : actual is not null;
        }
        if (actual is null)
        {
            return null;
        }
        var order = CompareValues(compare.Field, actual, compare.Value);
        return compare.Operator switch
        {
            ComparisonOperator.Equal => order == 0,
            ComparisonOperator.NotEqual => order != 0,
            ComparisonOperator.LessThan => order < 0,
            ComparisonOperator.LessThanOrEqual => order <= 0,
            ComparisonOperator.GreaterThan => order > 0,
            ComparisonOperator.GreaterThanOrEqual => order >= 0,
            _ => throw Invalid($"Unknown operator {compare.Operator}."),
        };
    }

    private static bool? EvaluateIn(VisibilityFilter.In @in, object? actual)
    {
        if (actual is null)
        {
            return null;
        }
        foreach (var value in @in.Values)
        {
            if (CompareValues(@in.Field, actual, value) == 0)
            {
                return true;
            }
        }
        return false;
    }

    private static int CompareValues(VisibilityField field, object actual, object expected) => FieldKind(field) switch
    {
        VisibilityValueKind.Text => string.CompareOrdinal((string)actual, NormalizeText(field, AsText(field, expected))),
        VisibilityValueKind.Status => ((int)actual).CompareTo(AsStatus(field, expected)),
        _ => ((DateTimeOffset)actual).CompareTo(AsTime(field, expected)),
    };

    /// <summary>Run ids are stored as UUIDs: compare "ABC..." and "abc..." as the same id, as the database does.</summary>
    private static string NormalizeText(VisibilityField field, string value) =>
        field == VisibilityField.RunId && Guid.TryParse(value, out var runId) ? runId.ToString() : value;

    private static void ValidateCompare(VisibilityFilter.Compare compare)
    {
        var kind = FieldKind(compare.Field);
        var ordering = compare.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual);
        if (compare.Value is null)
        {
            if (ordering)
            {
                throw Invalid($"{compare.Field} can be compared with null only by = (IS NULL) or != (IS NOT NULL), not {compare.Operator}.");
            }
            return;
        }
        if (ordering && kind != VisibilityValueKind.Time)
        {
            throw Invalid($"{compare.Operator} is supported only on time fields; {compare.Field} allows =, !=, IN{(kind == VisibilityValueKind.Text ? " and STARTS_WITH" : "")}.");
        }
        ValidateValue(compare.Field, compare.Value);
    }

    private static void ValidateValue(VisibilityField field, object? value)
    {
        switch (FieldKind(field))
        {
            case VisibilityValueKind.Text:
                AsText(field, value);
                break;
            case VisibilityValueKind.Status:
                AsStatus(field, value);
                break;
            default:
                AsTime(field, value);
                break;
        }
    }

    private static string AsText(VisibilityField field, object? value) =>
        value as string ?? throw WrongType(field, value, "a string");

    private static int AsStatus(VisibilityField field, object? value) =>
        value is int status ? status : throw WrongType(field, value, "an int (WorkflowExecutionStatus)");

    private static DateTimeOffset AsTime(VisibilityField field, object? value) =>
        value is DateTimeOffset time ? time : throw WrongType(field, value, "a DateTimeOffset");

    private static VisibilityValueKind FieldKind(VisibilityField field) => field switch
    {
        VisibilityField.WorkflowId or VisibilityField.RunId or VisibilityField.WorkflowType or VisibilityField.TaskQueue => VisibilityValueKind.Text,
        VisibilityField.ExecutionStatus => VisibilityValueKind.Status,
        VisibilityField.StartTime or VisibilityField.CloseTime or VisibilityField.ExecutionTime => VisibilityValueKind.Time,
        _ => throw Invalid($"Unknown visibility field {field}."),
    };

    private static InvalidPersistenceRequestException WrongType(VisibilityField field, object? value, string expected) =>
        Invalid($"{field} needs {expected}, not {(value is null ? "null" : value.GetType().Name)} '{value}'.");

    private static InvalidPersistenceRequestException Invalid(string message) => new(message);
}
