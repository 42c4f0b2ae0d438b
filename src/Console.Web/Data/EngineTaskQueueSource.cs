using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Introspection;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>Reads task queues from the engine's matching view.</summary>
internal sealed class EngineTaskQueueSource(ITaskQueueView view, IDynamicConfig config, TimeProvider timeProvider,
    ILogger<EngineTaskQueueSource> logger, IConsoleOverheadMeter overhead) : PolledLiveSource<IReadOnlyList<TaskQueueSnapshot>>(config, timeProvider, logger, overhead), ITaskQueueSource
{
    protected override string Name => "task queues";

    protected override Task<IReadOnlyList<TaskQueueSnapshot>> ReadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(view.GetTaskQueues());
}
