using Fencepost.Benchmarks.Driver;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Client;

namespace Fencepost.Benchmarks.Cli;

/// <summary>
/// <c>bench</c>: the headless benchmark. Hosts the engine in-process (or loads the server named by
/// --target), calibrates the store, runs a scenario, prints the report, writes --json/--csv and
/// keeps the run in the run store.
/// </summary>
public static class BenchCommand
{
    public const int Succeeded = 0;
    public const int WorkflowsFailedOrLost = 1;
    public const int BadArguments = 2;

    /// <summary>The <c>bench</c> subcommand: its options, and an action that validates them and runs the benchmark.</summary>
    public static System.CommandLine.Command Create()
    {
        var line = new BenchCommandLine();
        line.Command.SetAction(async (parseResult, _) =>
        {
            var parsed = line.Read(parseResult);
            if (parsed.Arguments is not { } arguments)
            {
                foreach (var error in parsed.Errors)
                {
                    await Console.Error.WriteLineAsync($"bench: {error}").ConfigureAwait(false);
                }
                await Console.Error.WriteLineAsync("Run with bench --help to see every option and its default.").ConfigureAwait(false);
                return BadArguments;
            }
            return await RunAsync(arguments).ConfigureAwait(false);
        });
        return line.Command;
    }

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        try
        {
            var run = await RunBenchmarkAsync(arguments, interrupted.Token).ConfigureAwait(false);
            Console.WriteLine(BenchRunText.Render(run));
            await WriteOutputsAsync(arguments, run).ConfigureAwait(false);
            return run.Report.Failed > 0 || run.Lost > 0 ? WorkflowsFailedOrLost : Succeeded;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("bench: interrupted; no report.").ConfigureAwait(false);
            return WorkflowsFailedOrLost;
        }
        catch (Exception ex) when (ex is Microsoft.Extensions.Options.OptionsValidationException or InvalidOperationException or IOException or Temporalio.Exceptions.RpcException)
        {
            await Console.Error.WriteLineAsync($"bench: the run could not complete: {ex.Message}").ConfigureAwait(false);
            return WorkflowsFailedOrLost;
        }
    }

    private static async Task<BenchmarkRun> RunBenchmarkAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        var scenario = BenchmarkScenarios.Create(arguments.Scenario, arguments.FanoutWidth, arguments.TimerDelay)
            ?? throw new InvalidOperationException($"Unknown scenario {arguments.Scenario}.");
        if (arguments.Target is { } target)
        {
            var remote = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(target) { Namespace = arguments.Namespace }).ConfigureAwait(false);
            using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
            var remoteRunner = new BenchmarkRunner(remote, TimeProvider.System, loggers.CreateLogger<BenchmarkRunner>());
            return await remoteRunner.RunAsync(scenario, arguments.Load, BenchmarkProbes.Remote, cancellationToken).ConfigureAwait(false);
        }

        await using var host = await BenchEngineHost.StartAsync(arguments, cancellationToken).ConfigureAwait(false);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(host.Target) { Namespace = arguments.Namespace }).ConfigureAwait(false);
        var runner = new BenchmarkRunner(
            client,
            host.Services.GetRequiredService<TimeProvider>(),
            host.Services.GetRequiredService<ILogger<BenchmarkRunner>>());
        return await runner.RunAsync(scenario, arguments.Load, host.Probes, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteOutputsAsync(BenchArguments arguments, BenchmarkRun run)
    {
        var stored = await new BenchmarkRunStore(arguments.RunsFolder).SaveAsync(run).ConfigureAwait(false);
        Console.WriteLine($"Run stored in {stored}");
        if (arguments.JsonPath is { } json)
        {
            await File.WriteAllTextAsync(json, run.ToJson()).ConfigureAwait(false);
            Console.WriteLine($"JSON written to {Path.GetFullPath(json)}");
        }
        if (arguments.CsvPath is { } csv)
        {
            await File.WriteAllTextAsync(csv, BenchmarkReportRenderer.ToCsv([run.Report])).ConfigureAwait(false);
            Console.WriteLine($"CSV written to {Path.GetFullPath(csv)}");
        }
    }
}
