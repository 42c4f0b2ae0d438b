namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>ORDER BY StartTime|CloseTime|ExecutionTime [ASC|DESC].</summary>
public sealed record VisibilityOrder(VisibilityField Field, bool Descending);
