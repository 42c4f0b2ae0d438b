using Fencepost.Benchmarks.Driver;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Benchmarks.Calibration;

/// <summary>The store's pool waits, summed over its pools (zero for a store without pools, such as the embedded one).</summary>
public sealed class StorePoolWaitSource(IPersistenceStore store) : IPoolWaitSource
{
    public long TotalWaits => store.GetPoolSnapshots().Sum(p => p.WaitCount);
}
