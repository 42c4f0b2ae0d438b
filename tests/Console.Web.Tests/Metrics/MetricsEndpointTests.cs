using System.Net;
using System.Net.Sockets;
using Fencepost.Engine.Benchmarking;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fencepost.ConsoleWeb.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task GetMetrics_AfterStoreTransactions_ServesPrometheusTextWithTransactionLatency()
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Fencepost:Frontend:Port", "0"),
            new("Fencepost:Store:Kind", "embedded"),
        ]);
        builder.Logging.ClearProviders();
        builder.AddFencepostEngine();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        app.MapFencepostEngine();
        app.MapFencepostMetrics();
        await app.StartAsync();
        try
        {
            // Some persistence work: a short calibration commits single-row transactions through the store.
            var probe = new StoreCalibrationProbe(app.Services.GetRequiredService<IPersistenceStore>(), TimeProvider.System);
            var calibration = await probe.CalibrateAsync(2, TimeSpan.FromMilliseconds(200), CancellationToken.None);
            Assert.True(calibration.Commits > 0, "The calibration committed nothing, so there is nothing to export.");

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
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

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
