namespace Fencepost.Engine.Persistence.Stores;

/// <summary>Whether a store can serve the engine now: it answered a query and its schema has every migration this build needs.</summary>
public sealed record StoreReadiness(bool Ready, string Description)
{
    public static StoreReadiness Serving(string description) => new(true, description);

    public static StoreReadiness NotServing(string description) => new(false, description);
}
