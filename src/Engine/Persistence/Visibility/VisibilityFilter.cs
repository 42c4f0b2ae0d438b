namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>
/// A parsed visibility filter. Values are typed by field: strings for ids, types and queues,
/// <see cref="int"/> (WorkflowExecutionStatus) for status, <see cref="DateTimeOffset"/> for times.
/// A comparison with <c>null</c> (CloseTime IS NULL) matches rows where the field is missing.
/// </summary>
public abstract record VisibilityFilter
{
    public sealed record And(VisibilityFilter Left, VisibilityFilter Right) : VisibilityFilter;

    public sealed record Or(VisibilityFilter Left, VisibilityFilter Right) : VisibilityFilter;

    public sealed record Not(VisibilityFilter Inner) : VisibilityFilter;

    public sealed record Compare(VisibilityField Field, ComparisonOperator Operator, object? Value) : VisibilityFilter;

    public sealed record In(VisibilityField Field, IReadOnlyList<object> Values) : VisibilityFilter;

    public sealed record StartsWith(VisibilityField Field, string Prefix) : VisibilityFilter;
}
