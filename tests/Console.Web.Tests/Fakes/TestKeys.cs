using Fencepost.Engine.Configuration.Dynamic;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>Keys shaped like the engine's, so tests do not depend on which keys the engine declares.</summary>
public static class TestKeys
{
    public static readonly DynamicConfigKey<int> FrontendRps = new("frontend.rps", 2400, "Requests per second the frontend admits per node.",
        v => v > 0 ? null : "frontend.rps must be positive.", DynamicConfigScope.Global | DynamicConfigScope.Namespace);

    public static readonly DynamicConfigKey<TimeSpan> LongPoll = new("matching.longPollExpirationInterval", TimeSpan.FromMinutes(1),
        "How long a poll waits for a task.", v => v > TimeSpan.Zero ? null : "Must be positive.",
        DynamicConfigScope.Global | DynamicConfigScope.Namespace | DynamicConfigScope.TaskQueue);

    public static readonly DynamicConfigKey<int> ShardCacheSize = new("history.cacheMaxSize", 512, "Runs cached per shard.",
        requiresRestart: true);

    // The read-only switch is stored as a key, so the console's own tests need it registered.
    public static DynamicConfigRegistry Registry() => new([FrontendRps, LongPoll, ShardCacheSize, ConsoleWeb.Configuration.ConsoleDynamicConfigKeys.ReadOnly]);
}
