using System.Collections.Frozen;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Frontend;

/// <summary>The OperatorService handler table: method name to the function that serves it.</summary>
internal sealed class OperatorServiceHandlers
{
    private readonly FrozenDictionary<string, Func<IMessage, ServerCallContext, Task<IMessage>>> _handlers;

    public OperatorServiceHandlers(SearchAttributeHandlers searchAttributes, Metrics.EngineInstruments instruments, ILogger<OperatorServiceHandlers> logger)
    {
        var all = new Dictionary<string, Func<IMessage, ServerCallContext, Task<IMessage>>>(StringComparer.Ordinal);
        searchAttributes.RegisterOperator(new HandlerRegistrar(all, instruments, logger, OperatorServiceMethodProvider.Service));
        _handlers = all.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The names of the OperatorService methods this engine serves.</summary>
    public IEnumerable<string> ServedMethods => _handlers.Keys;

    public bool TryGet(string methodName, out Func<IMessage, ServerCallContext, Task<IMessage>> handler) =>
        _handlers.TryGetValue(methodName, out handler!);
}
