using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Temporalio.Client;
using Xunit.Abstractions;

namespace Fencepost.Engine.Sdk.Tests.Faults;

/// <summary>
/// The fault runner's smoke run on the embedded emulator (an engine of its own, since the faults
/// are store-wide): commit latency, a 40001 storm and lost commit answers under SDK load lose,
/// strand and fail nothing. Each prints its row of docs/faults.md.
/// </summary>
public sealed class EmbeddedFaultRunnerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private WebApplication _app = null!;
    private TemporalClient _client = null!;

    private EmbeddedStoreOptions Options => _app.Services.GetRequiredService<IOptionsMonitor<EmbeddedStoreOptions>>().CurrentValue;

    private EmbeddedFaultInjector Faults => ((EmbeddedPersistenceStore)_app.Services.GetRequiredService<IPersistenceStore>()).Faults;

    public async Task InitializeAsync() =>
        (_app, _client) = await EngineFixture.StartEngineAsync([new("Fencepost:Store:Kind", "embedded")]);

    public async Task DisposeAsync() => await EngineFixture.StopEngineAsync(_app);

    public static TheoryData<string> Scenarios => ["commit latency 500 ms", "40001 storm (30% of commits)", "lost commit answers (5% of commits)"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Run_EmbeddedFault_NothingFailedStuckOrRefused(string name)
    {
        var runner = new FaultRunner(_client, startsPerSecond: 10, calmBefore: TimeSpan.FromSeconds(1), calmAfter: TimeSpan.FromSeconds(1), drain: TimeSpan.FromSeconds(60));

        var outcome = await runner.RunAsync(Scenario(name, TimeSpan.FromSeconds(3)));

        output.WriteLine(FaultOutcome.Header);
        output.WriteLine(outcome.Row);
        Assert.True(outcome.Started > 0, "no workflow was started");
        Assert.Equal((outcome.Started, 0, 0, 0), (outcome.Completed, outcome.Failed, outcome.Stuck, outcome.Refused));
    }

    private FaultScenario Scenario(string name, TimeSpan duration) => name switch
    {
        "commit latency 500 ms" => new(name, duration, () => Set(o => o.CommitLatency = TimeSpan.FromMilliseconds(500)), () => Set(o => o.CommitLatency = TimeSpan.Zero)),
        "40001 storm (30% of commits)" => new(name, duration, () => Set(o => o.ConflictRate = 0.3), () => Set(o => o.ConflictRate = 0)),
        "lost commit answers (5% of commits)" => new(name, duration, () => Set(o => o.LostCommitAnswerRate = 0.05), () => Set(o => o.LostCommitAnswerRate = 0)),
        _ => throw new ArgumentException($"Unknown scenario {name}", nameof(name)),
    };

    /// <summary>The emulator reads its options at every commit, so a change applies to the next one.</summary>
    private Task Set(Action<EmbeddedStoreOptions> change)
    {
        change(Options);
        return Task.CompletedTask;
    }
}
