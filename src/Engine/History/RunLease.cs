namespace Fencepost.Engine.History;

/// <summary>Exclusive use of a cached run until disposed.</summary>
internal readonly struct RunLease(RunCache cache, RunCacheEntry entry) : IDisposable
{
    public RunCacheEntry Entry { get; } = entry;

    public void Dispose() => cache.Release(Entry, locked: true);
}
