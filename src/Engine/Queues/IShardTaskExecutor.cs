namespace Fencepost.Engine.Queues;

/// <summary>Does what one outbox task says; throws when it could not (the queue processor retries).</summary>
internal interface IShardTaskExecutor
{
    Task ExecuteAsync(ShardTaskData task, CancellationToken cancellationToken);
}
