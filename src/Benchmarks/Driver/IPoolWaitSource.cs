namespace Fencepost.Benchmarks.Driver;

/// <summary>The store's connection pools' total wait count (requests that found no idle connection) so far.</summary>
public interface IPoolWaitSource
{
    long TotalWaits { get; }
}
