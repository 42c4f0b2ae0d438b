using Fencepost.Engine.Errors;
using Fencepost.Engine.Persistence.Errors;

namespace Fencepost.Engine.Queues;

/// <summary>
/// How long a queue processor keeps retrying a failing outbox task before dead-lettering it. Only
/// failures that say something about the task count as attempts: a store that is briefly
/// unavailable, a conflict or another shard moving (a cross-shard call's target) is retried without
/// counting, so an outage or a failover does not dead-letter healthy tasks.
/// </summary>
internal sealed record ShardTaskRetryPolicy(int MaxAttempts, TimeSpan InitialDelay, TimeSpan MaxDelay)
{
    public static ShardTaskRetryPolicy Default { get; } = new(8, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    /// <summary>InitialDelay x 2^(failures-1), capped at MaxDelay.</summary>
    public TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        var delay = TimeSpan.FromMilliseconds(InitialDelay.TotalMilliseconds * factor);
        return delay > MaxDelay ? MaxDelay : delay;
    }

    public static bool CountsAsAttempt(Exception exception) => exception switch
    {
        PersistenceException persistence => persistence.ErrorClass is not (PersistenceErrorClass.Conflict or PersistenceErrorClass.SchemaChanged
            or PersistenceErrorClass.Unavailable or PersistenceErrorClass.ConnectionCapacity or PersistenceErrorClass.RetriesExhausted
            or PersistenceErrorClass.OutcomeUnknown or PersistenceErrorClass.OwnershipLost),
        ServiceErrorException service => service.Code != Grpc.Core.StatusCode.Unavailable,
        TimeoutException => false,
        _ => true,
    };
}
