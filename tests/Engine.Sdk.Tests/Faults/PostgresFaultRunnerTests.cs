using Fencepost.TestUtilities.Postgres;
using Microsoft.AspNetCore.Builder;
using Temporalio.Client;
using Xunit.Abstractions;

namespace Fencepost.Engine.Sdk.Tests.Faults;

/// <summary>
/// The fault runner against a PostgreSQL of its own: a fast restart, and the server frozen with
/// SIGSTOP for longer than a transaction may take. Each prints its row of docs/faults.md.
/// </summary>
public sealed class PostgresFaultRunnerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private DedicatedPostgresServer _server = null!;
    private WebApplication _app = null!;
    private TemporalClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await DedicatedPostgresServer.StartAsync();
        var connectionString = await _server.CreateDatabaseAsync("faults");
        (_app, _client) = await EngineFixture.StartEngineAsync([
            new("Fencepost:Store:Kind", "postgres"),
            new("Fencepost:Store:ConnectionString", connectionString),
            new("Fencepost:Store:Target", "PostgreSql"),
        ]);
    }

    public async Task DisposeAsync()
    {
        await EngineFixture.StopEngineAsync(_app);
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("PostgreSQL fast restart, down 5 s")]
    [InlineData("PostgreSQL frozen (SIGSTOP) 12 s")]
    public async Task Run_PostgresFault_NothingFailedStuckOrLost(string name)
    {
        var runner = new FaultRunner(_client, startsPerSecond: 10, calmBefore: TimeSpan.FromSeconds(2), calmAfter: TimeSpan.FromSeconds(3), drain: TimeSpan.FromSeconds(120));
        var fault = name.Contains("restart", StringComparison.Ordinal)
            ? new FaultScenario(name, TimeSpan.FromSeconds(5), _server.StopFastAsync, _server.StartAgainAsync)
            : new FaultScenario(name, TimeSpan.FromSeconds(12), _server.PauseAsync, _server.ResumeAsync);

        var outcome = await runner.RunAsync(fault);

        output.WriteLine(FaultOutcome.Header);
        output.WriteLine(outcome.Row);
        Assert.True(outcome.Started > 0, "no workflow was started");
        Assert.Equal((outcome.Started, 0, 0), (outcome.Completed, outcome.Failed, outcome.Stuck));
    }
}
