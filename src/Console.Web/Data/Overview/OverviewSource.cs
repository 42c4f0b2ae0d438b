using Fencepost.ConsoleWeb.Data.Charts;
using Fencepost.ConsoleWeb.Live;
using Fencepost.Diagnostics.Health;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Introspection;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.ConsoleWeb.Data.Overview;

/// <summary>Reads the overview once per refresh interval while someone watches it.</summary>
internal sealed class OverviewSource(
    ForwardProgressReader progress,
    HealthEvaluator evaluator,
    OpenWorkflowCounter openWorkflows,
    ConfigMarkReader configMarks,
    IPersistenceStore store,
    IServiceProvider services,
    IConsoleOverheadMeter overhead,
    IDynamicConfig config,
    TimeProvider time,
    ILogger<OverviewSource> logger) : PolledLiveSource<OverviewSnapshot>(config, time, logger, overhead), IOverviewSource
{
    private readonly BusyShareTracker _busyShare = new(overhead, time);

    protected override string Name => "overview";

    protected override async Task<OverviewSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var open = await openWorkflows.CountAsync(cancellationToken);
        var shards = await store.Shards.ListShardsAsync(cancellationToken);
        var taskQueues = services.GetService<ITaskQueueView>()?.GetTaskQueues() ?? [];
        var (signals, keyNumbers) = progress.Read(open, shards, taskQueues);
        var marks = await configMarks.ReadAsync(ForwardProgressReader.SparklineWindow, cancellationToken);
        return new OverviewSnapshot(evaluator.Evaluate(signals), signals, keyNumbers, marks, _busyShare.Measure());
    }
}
