namespace Fencepost.Engine.Introspection;

/// <summary>Outbox tasks this host gave up on after their bounded retries (most recent last), for the console.</summary>
public interface IDeadLetterView
{
    /// <summary>How many tasks were dead-lettered since start, including those no longer kept.</summary>
    long TotalCount { get; }

    IReadOnlyList<DeadLetteredTask> GetDeadLetters();
}
