namespace Fencepost.Engine.Matching;

/// <summary>What a poll received: a workflow/activity task to start in history, or a query.</summary>
internal sealed class MatchedTask
{
    public MatchedTask(MatchingTaskData data) => Data = data;

    public MatchedTask(QueryTask query) => Query = query;

    public MatchingTaskData? Data { get; }

    public QueryTask? Query { get; }
}
