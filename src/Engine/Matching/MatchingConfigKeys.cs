using Fencepost.Engine.Configuration.Dynamic;

namespace Fencepost.Engine.Matching;

/// <summary>Matching's dynamic config (Temporal's key names).</summary>
public static class MatchingConfigKeys
{
    public static readonly DynamicConfigKey<int> NumTaskqueueReadPartitions = new(
        "matching.numTaskqueueReadPartitions", 1,
        "How many partitions pollers drain. Keep at least the write partition count, or tasks in higher partitions wait.",
        value => value is >= 1 and <= 64 ? null : "Must be between 1 and 64.",
        DynamicConfigScope.Global | DynamicConfigScope.Namespace | DynamicConfigScope.TaskQueue);

    public static readonly DynamicConfigKey<int> NumTaskqueueWritePartitions = new(
        "matching.numTaskqueueWritePartitions", 1,
        "How many partitions backlogged tasks are spread over (each partition is its own row and lease).",
        value => value is >= 1 and <= 64 ? null : "Must be between 1 and 64.",
        DynamicConfigScope.Global | DynamicConfigScope.Namespace | DynamicConfigScope.TaskQueue);

    public static readonly DynamicConfigKey<TimeSpan> LongPollExpirationInterval = new(
        "matching.longPollExpirationInterval", TimeSpan.FromSeconds(60),
        "How long a poll waits for a task before it answers empty (always before the client's own deadline).",
        value => value > TimeSpan.Zero && value <= TimeSpan.FromMinutes(5) ? null : "Must be between 0 and 5 minutes.",
        DynamicConfigScope.Global | DynamicConfigScope.Namespace | DynamicConfigScope.TaskQueue);
}
