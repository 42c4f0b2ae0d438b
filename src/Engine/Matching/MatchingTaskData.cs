namespace Fencepost.Engine.Matching;

/// <summary>A backlogged workflow or activity task: just enough to ask history to start it.</summary>
public sealed class MatchingTaskData
{
    public Guid NamespaceId { get; set; }
    public string WorkflowId { get; set; } = "";
    public Guid RunId { get; set; }
    public long ScheduledEventId { get; set; }
    public int Attempt { get; set; }
}
