namespace Fencepost.Engine.History;

/// <summary>Receives outbox tasks right after they committed, in commit order.</summary>
internal interface IShardTaskSink
{
    void OnCommitted(IReadOnlyList<NewShardTask> tasks);
}
