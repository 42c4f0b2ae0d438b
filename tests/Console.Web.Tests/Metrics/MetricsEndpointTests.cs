using System.Net;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fencepost.ConsoleWeb.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task GetMetrics_AfterStoreTransactions_ServesPrometheusTextWithTransactionLatency()
    {
        await using var app = await StartAppAsync();
        try
        {
            // A store transaction, committed whatever the machine's load: a timed calibration could
            // end before its first commit on a stalled machine and leave nothing to export.
            var now = DateTimeOffset.UtcNow;
            await app.Services.GetRequiredService<IPersistenceStore>().Cluster.UpsertMembershipAsync(
                new MembershipRecord($"metrics-test-{Guid.NewGuid():N}", "probe", "metrics-test", now, now, now.AddSeconds(-1)));

            using var http = new HttpClient { BaseAddress = MetricsAddress(app) };
            using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
            var text = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            // dsql_tx_latency is recorded in seconds, so Prometheus naming adds the unit.
            Assert.Contains("# TYPE dsql_tx_latency_seconds histogram", text, StringComparison.Ordinal);
            Assert.Contains("dsql_tx_latency_seconds_count{", text, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task GetMetrics_AfterAnEagerStartWasDeclined_ServesTheDeclineCounterByReason()
    {
        await using var app = await StartAppAsync();
        try
        {
            app.Services.GetRequiredService<EngineInstruments>().RecordEagerWorkflowStartDeclined(EagerWorkflowStartDeclineReason.StartDelay);

            using var http = new HttpClient { BaseAddress = MetricsAddress(app) };
            var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

            Assert.Contains("# TYPE fencepost_workflow_eager_declined_total counter", text, StringComparison.Ordinal);
            Assert.Contains("fencepost_workflow_eager_declined_total{reason=\"start_delay\"} 1", text, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>The engine on the embedded store with /metrics mapped, started on loopback.</summary>
    private static async Task<WebApplication> StartAppAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Fencepost:Frontend:Port", "0"),
            new("Fencepost:Store:Kind", "embedded"),
        ]);
        builder.Logging.ClearProviders();
        builder.AddFencepostEngine();
        // Port 0, read back once listening: a port probed free and released first may be taken meanwhile.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapFencepostEngine();
        app.MapFencepostMetrics();
        await app.StartAsync();
        return app;
    }

    /// <summary>The listener this test added: every address the server bound except the Temporal frontend's.</summary>
    private static Uri MetricsAddress(WebApplication app)
    {
        var frontend = app.Services.GetRequiredService<IFrontendEndpoint>().Address;
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.Select(a => new Uri(a)).Single(a => a.Port != frontend.Port).GetLeftPart(UriPartial.Authority));
    }
}
