namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>
/// A list/count request: an optional filter and an order. Without <see cref="OrderBy"/> runs come
/// newest first by start time (ties broken by run id), which keeps paging stable.
/// </summary>
public sealed record VisibilityQuery(VisibilityFilter? Filter, VisibilityOrder? OrderBy = null)
{
    public static VisibilityQuery All { get; } = new(Filter: null);
}
