using System.Collections.Frozen;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Frontend;

/// <summary>The handler table: WorkflowService method name to the function that serves it.</summary>
internal sealed class WorkflowServiceHandlers
{
    private readonly FrozenDictionary<string, Func<IMessage, ServerCallContext, Task<IMessage>>> _handlers;

    public WorkflowServiceHandlers(IEnumerable<IWorkflowServiceHandlerSource> sources, Metrics.EngineInstruments instruments, ILogger<WorkflowServiceHandlers> logger)
    {
        var all = new Dictionary<string, Func<IMessage, ServerCallContext, Task<IMessage>>>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            source.Register(new HandlerRegistrar(all, instruments, logger));
        }
        _handlers = all.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The names of the methods this engine serves (for GetSystemInfo and tests).</summary>
    public IEnumerable<string> ServedMethods => _handlers.Keys;

    public bool TryGet(string methodName, out Func<IMessage, ServerCallContext, Task<IMessage>> handler) =>
        _handlers.TryGetValue(methodName, out handler!);
}
