namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>
/// A parsed visibility filter. Values are typed by field: strings for ids, types and queues,
/// <see cref="int"/> (WorkflowExecutionStatus) for status, <see cref="DateTimeOffset"/> for times.
/// A comparison with <c>null</c> (CloseTime IS NULL) matches rows where the field is missing.
/// AND and OR are n-ary: a chain of thousands of terms is one node with that many operands, so
/// nothing that walks a filter recurses once per term.
/// </summary>
public abstract record VisibilityFilter
{
    public sealed record And(IReadOnlyList<VisibilityFilter> Operands) : VisibilityFilter
    {
        public And(params VisibilityFilter[] operands)
            : this((IReadOnlyList<VisibilityFilter>)operands)
        {
        }

        public bool Equals(And? other) => other is not null && Operands.SequenceEqual(other.Operands);

        public override int GetHashCode() => HashOperands(typeof(And), Operands);
    }

    public sealed record Or(IReadOnlyList<VisibilityFilter> Operands) : VisibilityFilter
    {
        public Or(params VisibilityFilter[] operands)
            : this((IReadOnlyList<VisibilityFilter>)operands)
        {
        }

        public bool Equals(Or? other) => other is not null && Operands.SequenceEqual(other.Operands);

        public override int GetHashCode() => HashOperands(typeof(Or), Operands);
    }

    public sealed record Not(VisibilityFilter Inner) : VisibilityFilter;

    public sealed record Compare(VisibilityField Field, ComparisonOperator Operator, object? Value) : VisibilityFilter;

    public sealed record In(VisibilityField Field, IReadOnlyList<object> Values) : VisibilityFilter;

    public sealed record StartsWith(VisibilityField Field, string Prefix) : VisibilityFilter;

    /// <summary>
    /// A predicate on a search attribute held in the run's search attributes (a registered custom
    /// one, or one of Temporal's such as TemporalChangeVersion). Values are typed by
    /// <see cref="Type"/>: string (Keyword, Text, KeywordList), long (Int), double (Double), bool
    /// (Bool), DateTimeOffset (Datetime). Two-valued: a run without the attribute matches only
    /// IS NULL (and NOT of anything else). KeywordList: = and IN mean "holds one of", != means
    /// "has the attribute but not that value". Text: = means "contains", != "has it, without".
    /// </summary>
    public sealed record SearchAttribute(string Name, SearchAttributeType Type, AttributeOperator Operator, IReadOnlyList<object> Values) : VisibilityFilter
    {
        public bool Equals(SearchAttribute? other) => other is not null && Name == other.Name && Type == other.Type && Operator == other.Operator && Values.SequenceEqual(other.Values);

        public override int GetHashCode() => HashCode.Combine(Name, Type, Operator, Values.Count);
    }

    private static int HashOperands(Type type, IReadOnlyList<VisibilityFilter> operands)
    {
        var hash = new HashCode();
        hash.Add(type);
        hash.Add(operands.Count);
        if (operands.Count > 0)
        {
            hash.Add(operands[0]);
        }
        return hash.ToHashCode();
    }
}
