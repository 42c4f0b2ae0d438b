using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Fencepost.Benchmarks.Cli;
using Fencepost.CommandLine;
using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Postgres.Schema;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Persistence.Visibility;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fencepost.Benchmarks.Visibility;

/// <summary>
/// <c>bench-visibility</c>: loads closed runs with custom search attributes into PostgreSQL (once;
/// a later run with the same --runs reuses them) and times filtered ListWorkflowExecutions pages
/// and counts through the engine's own PostgreSQL visibility store, so the SQL measured is the SQL
/// served. Prints a machine calibration first: the store's round trip and a fixed CPU job, so
/// figures from different machines (or a busy one) can be read against each other.
/// </summary>
public static class VisibilityBenchCommand
{
    public const string Name = "bench-visibility";
    private static readonly Guid BenchNamespace = new("5e1ec7ed-0000-4000-8000-000000000001");

    public static Command Create()
    {
        var connection = CommandLineOptions.Text("--connection", "Npgsql connection string of the PostgreSQL database to load (required)");
        var runs = CommandLineOptions.Integer("--runs", "closed runs to load", 1_000_000, 1_000, 50_000_000);
        var repeat = CommandLineOptions.Integer("--repeat", "timed executions of each query (after 3 untimed ones)", 30, 1, 10_000);
        var reload = new Option<bool>("--reload") { Description = "load the runs again even when the database already holds as many" };
        var command = new Command(Name, "Loads closed runs with custom search attributes into PostgreSQL and times filtered lists and counts through the engine's visibility store.")
        {
            connection, runs, repeat, reload,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (string.IsNullOrWhiteSpace(parse.GetValue(connection)))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"{Name}: --connection \"<Npgsql connection string>\" is required.").ConfigureAwait(false);
                return BenchCommand.BadArguments;
            }
            await RunAsync(parse.GetValue(connection)!, parse.GetValue(runs), parse.GetValue(repeat), parse.GetValue(reload), parse.InvocationConfiguration.Output, ct).ConfigureAwait(false);
            return BenchCommand.Succeeded;
        });
        return command;
    }

    public static async Task RunAsync(string connectionString, int runs, int repeat, bool reload, TextWriter output, CancellationToken ct)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await new PostgresSchemaMigrator(source, PostgresTarget.PostgreSql, TimeProvider.System, NullLogger.Instance).MigrateAsync(ct).ConfigureAwait(false);
        output.WriteLine($"machine: {MachineDescription.Current()}");
        output.WriteLine($"calibration: SELECT 1 round trip p50 {await RoundTripMsAsync(source, ct).ConfigureAwait(false):F2} ms; CPU job (SHA-256 of 64 MiB) {CpuJobMs():F0} ms; load average {LoadAverage()}");

        var held = await VisibilityBenchLoader.CountAsync(source, BenchNamespace, ct).ConfigureAwait(false);
        if (reload || held != runs)
        {
            var seconds = await VisibilityBenchLoader.LoadAsync(source, BenchNamespace, runs, ct).ConfigureAwait(false);
            output.WriteLine($"loaded {runs:N0} closed runs ({runs * 5:N0} search attribute values) in {seconds:F1} s");
        }
        else
        {
            output.WriteLine($"reusing the {held:N0} closed runs already loaded");
        }

        var services = new ServiceCollection().AddLogging()
            .AddPostgresPersistenceStore(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionString"] = connectionString,
                ["MaxPoolSize"] = "4",
                ["MigrateOnStart"] = "false",
            }).Build())
            .BuildServiceProvider();
        await using (services.ConfigureAwait(false))
        {
            var store = services.GetRequiredService<IPersistenceStore>();
            output.WriteLine($"{"query",-86} {"rows",6} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
            foreach (var (text, count) in Queries)
            {
                var query = VisibilityQueryParser.Parse(text, Attributes);
                await TimeAsync(output, text, count, repeat, async () => count
                    ? (int)await store.Visibility.CountAsync(BenchNamespace, query.Filter, ct).ConfigureAwait(false)
                    : (await store.Visibility.ListAsync(BenchNamespace, query, 100, null, ct).ConfigureAwait(false)).Items.Count).ConfigureAwait(false);
            }
        }
    }

    private static readonly Dictionary<string, SearchAttributeType> Attributes = new()
    {
        ["CustomKeywordField"] = SearchAttributeType.Keyword,
        ["CustomIntField"] = SearchAttributeType.Int,
        ["CustomBoolField"] = SearchAttributeType.Bool,
        ["CustomKeywordListField"] = SearchAttributeType.KeywordList,
    };

    private static readonly (string Text, bool Count)[] Queries =
    [
        ("CustomKeywordField = 'customer-42'", false),
        ("CustomKeywordField = 'customer-42' AND CloseTime >= '2026-01-20T00:00:00Z'", false),
        ("CustomKeywordField = 'customer-42' ORDER BY CloseTime DESC", false),
        ("CustomKeywordField IN ('customer-1', 'customer-2', 'customer-3')", false),
        ("CustomKeywordField STARTS_WITH 'customer-99'", false),
        ("CustomIntField BETWEEN 1000 AND 1099", false),
        ("CustomBoolField = true AND WorkflowType = 'Refund'", false),
        ("CustomKeywordListField = 'tag-3'", false),
        ("CustomKeywordField = 'customer-42' AND CustomIntField < 5000", false),
        ("CustomKeywordField = 'no-such-customer'", false),
        ("WorkflowType = 'Refund' AND ExecutionStatus = 'Failed'", false),
        ("CustomKeywordField = 'customer-42'", true),
        ("CustomIntField BETWEEN 1000 AND 1099", true),
    ];

    private static async Task TimeAsync(TextWriter output, string text, bool count, int repeat, Func<Task<int>> query)
    {
        var rows = 0;
        for (var i = 0; i < 3; i++)
        {
            rows = await query().ConfigureAwait(false);
        }
        var times = new double[repeat];
        for (var i = 0; i < repeat; i++)
        {
            var started = Stopwatch.GetTimestamp();
            rows = await query().ConfigureAwait(false);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(times);
        var label = (count ? "count: " : "list 100: ") + text;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-86} {rows,6} {times[repeat / 2],8:F2} {times[Math.Min(repeat - 1, (int)Math.Ceiling(repeat * 0.95) - 1)],8:F2} {times[^1],8:F2}"));
    }

    private static async Task<double> RoundTripMsAsync(NpgsqlDataSource source, CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        var times = new double[200];
        for (var i = 0; i < times.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[times.Length / 2];
    }

    private static double CpuJobMs()
    {
        var data = new byte[64 * 1024 * 1024];
        var started = Stopwatch.GetTimestamp();
        SHA256.HashData(data);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
