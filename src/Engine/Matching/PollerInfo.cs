namespace Fencepost.Engine.Matching;

/// <summary>A worker seen polling a task queue (for DescribeTaskQueue and the console).</summary>
public sealed record PollerInfo(string Identity, int TaskType, DateTimeOffset LastAccessTime);
