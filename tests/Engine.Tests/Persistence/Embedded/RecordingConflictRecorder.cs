using System.Collections.Concurrent;
using Fencepost.Diagnostics.Persistence;

namespace Fencepost.Engine.Tests.Persistence.Embedded;

internal sealed class RecordingConflictRecorder : IConflictRecorder
{
    public ConcurrentQueue<ConflictObservation> Observations { get; } = new();

    public void Record(ConflictObservation observation) => Observations.Enqueue(observation);
}
