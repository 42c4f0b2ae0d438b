namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>
/// Bounds on a visibility query, so a hostile or generated one is refused with INVALID_ARGUMENT
/// instead of exhausting the stack (which ends the process: a stack overflow cannot be caught).
/// Temporal's SQL visibility parses queries with a table-driven parser and has no such bounds;
/// ours are generous for hand-written and generated queries (an IN list of a thousand workflow
/// ids is about 40,000 characters).
/// </summary>
public static class VisibilityQueryLimits
{
    /// <summary>The longest query accepted, in characters.</summary>
    public const int MaxQueryLength = 65_536;

    /// <summary>How deeply parentheses and NOT may nest in a query.</summary>
    public const int MaxNestingDepth = 100;

    /// <summary>
    /// How deep a filter tree may be (AND, OR and NOT nodes on the way to a predicate). A parsed
    /// query stays well inside it: each nesting level adds at most two (an OR holding an AND).
    /// </summary>
    public const int MaxFilterDepth = 2 * MaxNestingDepth + 10;
}
