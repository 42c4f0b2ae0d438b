using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fencepost.Engine.Metrics;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// The <c>reason</c> tags of <c>fencepost.workflow.eager_declined</c> the fixture's engine records
/// while this recorder lives. The engine records during the start call, so a start's decline is
/// here once its response has arrived.
/// </summary>
public sealed class EagerStartDeclineRecorder : IDisposable
{
    private readonly ConcurrentQueue<string> _reasons = new();
    private readonly MeterListener _listener;

    public EagerStartDeclineRecorder(IServiceProvider engine)
    {
        _listener = EngineMeterListener.Listen<long>(engine, EngineInstruments.MeterName, "fencepost.workflow.eager_declined", (_, value, tags, _) =>
        {
            var reason = "(none)";
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    reason = tag.Value as string ?? "(none)";
                }
            }
            for (var i = 0; i < value; i++)
            {
                _reasons.Enqueue(reason);
            }
        });
    }

    /// <summary>One entry per declined start, in the order they were recorded.</summary>
    public IReadOnlyList<string> Reasons => [.. _reasons];

    public void Dispose() => _listener.Dispose();
}
