using System.Diagnostics.Metrics;

namespace Fencepost.Engine.Persistence.Stores;

/// <summary>
/// How many shards' writes each shard-write transaction carried (meter <see cref="MeterName"/>):
/// mostly 1 means writes rarely wait for one another, larger means the in-flight limit is what
/// paces the node, the first thing to read when tuning <c>ShardWriteTransactionsInFlight</c>.
/// </summary>
internal sealed class ShardWriteCombinerMetrics
{
    public const string MeterName = "Fencepost.Persistence.ShardWrites";
    public const string ShardsPerTransaction = "fencepost.shard.write.shards_per_transaction";

    private readonly Histogram<int> _shardsPerTransaction;

    public ShardWriteCombinerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _shardsPerTransaction = meter.CreateHistogram<int>(ShardsPerTransaction, "{shard}", "Shards whose writes shared one store transaction.");
    }

    public void Record(int shards)
    {
        if (_shardsPerTransaction.Enabled)
        {
            _shardsPerTransaction.Record(shards);
        }
    }
}
