namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>What a <see cref="VisibilityFilter.SearchAttribute"/> predicate asks of a search attribute's value.</summary>
public enum AttributeOperator
{
    Equal,
    NotEqual,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    In,
    StartsWith,
    IsNull,
    IsNotNull,
}
