using System.Text;
using Fencepost.Benchmarks;
using Fencepost.Benchmarks.Runs;
using Fencepost.ConsoleWeb.Benchmarks;

namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>Downloads of stored benchmark runs: one run's JSON or CSV, and two runs' CSV for a comparison.</summary>
public static class BenchmarkExportEndpoints
{
    public static string JsonPath(string runId) => $"/benchmarks/runs/{Uri.EscapeDataString(runId)}.json";

    public static string CsvPath(string runId) => $"/benchmarks/runs/{Uri.EscapeDataString(runId)}.csv";

    public static string CompareCsvPath(string a, string b) => $"/benchmarks/compare.csv?a={Uri.EscapeDataString(a)}&b={Uri.EscapeDataString(b)}";

    public static WebApplication MapBenchmarkExports(this WebApplication app)
    {
        app.MapGet("/benchmarks/runs/{runId}.json", async (string runId, BenchmarkRunFolder folder, CancellationToken cancellationToken) =>
            await folder.FindAsync(runId, cancellationToken) is { } run
                ? Results.File(Encoding.UTF8.GetBytes(run.Json), "application/json", $"{runId}.json")
                : Results.NotFound()).RequireAuthorization();
        app.MapGet("/benchmarks/runs/{runId}.csv", async (string runId, BenchmarkRunFolder folder, CancellationToken cancellationToken) =>
            await folder.FindAsync(runId, cancellationToken) is { } run
                ? Csv([run], $"{runId}.csv")
                : Results.NotFound()).RequireAuthorization();
        app.MapGet("/benchmarks/compare.csv", async (string a, string b, BenchmarkRunFolder folder, CancellationToken cancellationToken) =>
        {
            return await folder.FindAsync(a, cancellationToken) is { } first && await folder.FindAsync(b, cancellationToken) is { } second
                ? Csv([first, second], $"compare-{a}-{b}.csv")
                : Results.NotFound();
        }).RequireAuthorization();
        return app;
    }

    private static IResult Csv(IEnumerable<StoredBenchmarkRun> runs, string name) =>
        Results.File(Encoding.UTF8.GetBytes(BenchmarkReportRenderer.ToCsv(runs.Select(r => r.Report))), "text/csv", name);
}
