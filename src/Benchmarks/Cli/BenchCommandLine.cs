using System.CommandLine;
using System.Globalization;
using Fencepost.Benchmarks.Driver;
using Fencepost.CommandLine;

namespace Fencepost.Benchmarks.Cli;

/// <summary>
/// The <c>bench</c> command's options, with their defaults (which <c>bench --help</c> prints), and
/// the checks that span several options. <see cref="Read"/> reports every problem at once, each in
/// one line naming its option.
/// </summary>
public sealed class BenchCommandLine
{
    public const string Name = "bench";

    private readonly Option<string> _scenario = CommandLineOptions.Text("--scenario", $"the workload: {string.Join(", ", BenchmarkScenarios.Names)} (required)");
    private readonly Option<string> _mode = CommandLineOptions.OneOf("--mode", "open: starts at --rate whatever happens; closed: --concurrency workflows in flight", "open", "open", "closed");
    private readonly Option<double?> _rate = CommandLineOptions.PositiveNumber("--rate", "target starts per second (required with --mode open)");
    private readonly Option<int> _concurrency = CommandLineOptions.Integer("--concurrency", "workflows in flight with --mode closed; the calibration's writers in both modes", 16, 1, 10_000);
    private readonly Option<double?> _duration = CommandLineOptions.Seconds("--duration", "the measured window (required)");
    private readonly Option<double?> _warmup = CommandLineOptions.Seconds("--warmup", "excluded from the results; the rate ramps up in its first half", 10);
    private readonly Option<double?> _drain = CommandLineOptions.Seconds("--drain", "wait at most this long for stragglers; the rest are lost", 30);
    private readonly Option<double?> _calibration = CommandLineOptions.Seconds("--calibration", "store calibration before the load, 0 to skip", 3);
    private readonly Option<bool> _eagerStart = new("--eager-start") { Description = "starts ask for eager workflow start (the first workflow task returns in the start's response to this process's worker)" };
    private readonly Option<string> _target = CommandLineOptions.Text("--target", "host:port of a running Temporal frontend to load instead of an in-process engine; no calibration, and its transactions, conflicts and stages are reported as n/a");
    private readonly Option<string> _namespace = CommandLineOptions.Text("--namespace", "the namespace the workflows run in", "default");
    private readonly Option<string> _store = CommandLineOptions.OneOf("--store", "the in-process engine's store", "embedded", "embedded", "postgres");
    private readonly Option<string> _connection = CommandLineOptions.Text("--connection", "Npgsql connection string (required with --store postgres)");
    private readonly Option<int> _shards = CommandLineOptions.Integer("--shards", "history shards of a fresh cluster", 4, 1, 16_384);
    private readonly Option<int> _fanout = CommandLineOptions.Integer("--fanout", "activities per fanout workflow", 10, 1, 1_000);
    private readonly Option<int> _timerMs = CommandLineOptions.Integer("--timer-ms", "the timer scenario's delay in milliseconds", 100, 0, 3_600_000);
    private readonly Option<string> _json = CommandLineOptions.Text("--json", "write the report and the run's details as JSON to this file");
    private readonly Option<string> _csv = CommandLineOptions.Text("--csv", "write the report as CSV to this file");
    private readonly Option<double?> _retention = CommandLineOptions.Seconds("--retention", "the namespace's retention in the in-process engine, so closed runs are deleted during the run (frontend.namespaceMinRetention is lowered to allow it); default: the namespace's own, 3 days");
    private readonly Option<string> _runsFolder = CommandLineOptions.Text("--runs-folder", "where finished runs are kept", BenchmarkRunStore.DefaultFolder);

    public BenchCommandLine()
    {
        Command = new Command(Name,
            "Hosts the engine in-process on a free port (or loads the server named by --target), calibrates the store, "
            + "runs the scenario with Temporal workers in this process and prints the report. "
            + "Exit code 0: every measured workflow completed; 1: some failed or were lost, or the run could not start; 2: bad arguments.")
        {
            _scenario, _mode, _rate, _concurrency, _duration, _warmup, _drain, _calibration, _eagerStart, _target, _namespace,
            _store, _connection, _shards, _fanout, _timerMs, _json, _csv, _runsFolder, _retention,
        };
    }

    public Command Command { get; }

    /// <summary>Parses the arguments after the word <c>bench</c> on their own (for tests and callers without the root command).</summary>
    public static BenchArgumentsParseResult Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var line = new BenchCommandLine();
        var root = new RootCommand { line.Command };
        return line.Read(root.Parse([Name, .. args]));
    }

    /// <summary>The arguments, or every problem with them: the parser's own and those between options.</summary>
    public BenchArgumentsParseResult Read(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (parseResult.Errors.Count > 0)
        {
            // Values that did not parse cannot be read; the parser's messages already name their options.
            return new BenchArgumentsParseResult(null, [.. parseResult.Errors.Select(e => e.Message)]);
        }
        var errors = new List<string>();
        var scenario = parseResult.GetValue(_scenario);
        if (scenario is null)
        {
            errors.Add($"--scenario is required (one of {string.Join(", ", BenchmarkScenarios.Names)}).");
        }
        else if (!BenchmarkScenarios.Names.Contains(scenario))
        {
            errors.Add($"--scenario \"{scenario}\" is unknown; use one of {string.Join(", ", BenchmarkScenarios.Names)}.");
        }
        var closed = parseResult.GetValue(_mode) == "closed";
        if (!closed && !parseResult.IsGiven(_rate))
        {
            errors.Add("--rate <workflows per second> is required in the open-loop mode.");
        }
        if (closed && parseResult.IsGiven(_rate))
        {
            errors.Add("--rate does not apply to --mode closed (the concurrency sets the load).");
        }
        if (closed && !parseResult.IsGiven(_concurrency))
        {
            errors.Add("--concurrency <workflows in flight> is required with --mode closed.");
        }
        if (!parseResult.IsGiven(_duration))
        {
            errors.Add("--duration <seconds> is required.");
        }
        CheckStore(parseResult, errors);
        CheckTarget(parseResult, errors);
        if (string.IsNullOrWhiteSpace(parseResult.GetValue(_namespace)))
        {
            errors.Add("--namespace must name a namespace.");
        }

        var warmup = TimeSpan.FromSeconds(parseResult.GetValue(_warmup) ?? 10);
        var load = new LoadDriverOptions
        {
            Mode = closed ? LoadMode.ClosedLoop : LoadMode.OpenLoop,
            Rate = parseResult.GetValue(_rate) ?? 0,
            Concurrency = parseResult.GetValue(_concurrency),
            Duration = TimeSpan.FromSeconds(parseResult.GetValue(_duration) ?? 0),
            Warmup = warmup,
            // Half the warm-up ramps up, the other half runs at the full rate before measuring starts.
            RampUp = warmup / 2,
            DrainTimeout = TimeSpan.FromSeconds(parseResult.GetValue(_drain) ?? 30),
            CalibrationDuration = TimeSpan.FromSeconds(parseResult.GetValue(_calibration) ?? 3),
            EagerStart = parseResult.GetValue(_eagerStart),
        };
        if (errors.Count == 0)
        {
            errors.AddRange(load.Validate());
        }
        if (errors.Count > 0)
        {
            return new BenchArgumentsParseResult(null, errors);
        }
        return new BenchArgumentsParseResult(new BenchArguments
        {
            Scenario = scenario!,
            Load = load,
            Target = parseResult.GetValue(_target),
            Namespace = parseResult.GetValue(_namespace)!,
            Store = parseResult.GetValue(_store)!,
            Connection = parseResult.GetValue(_connection),
            ShardCount = parseResult.GetValue(_shards),
            FanoutWidth = parseResult.GetValue(_fanout),
            TimerDelay = TimeSpan.FromMilliseconds(parseResult.GetValue(_timerMs)),
            JsonPath = parseResult.GetValue(_json),
            CsvPath = parseResult.GetValue(_csv),
            RunsFolder = parseResult.IsGiven(_runsFolder) ? parseResult.GetValue(_runsFolder) : null,
            Retention = parseResult.GetValue(_retention) is { } retention ? TimeSpan.FromSeconds(retention) : null,
        }, []);
    }

    private void CheckStore(ParseResult parseResult, List<string> errors)
    {
        var store = parseResult.GetValue(_store);
        var connection = parseResult.GetValue(_connection);
        if (store == "postgres" && string.IsNullOrWhiteSpace(connection))
        {
            errors.Add("--store postgres needs --connection \"<Npgsql connection string>\".");
        }
        if (store == "embedded" && connection is not null)
        {
            errors.Add("--connection applies to --store postgres only.");
        }
    }

    private void CheckTarget(ParseResult parseResult, List<string> errors)
    {
        if (parseResult.GetValue(_target) is not { } target)
        {
            return;
        }
        if (!IsHostAndPort(target))
        {
            errors.Add($"--target must be host:port of a Temporal frontend (e.g. 127.0.0.1:7233), not \"{target}\".");
        }
        foreach (var engineOption in new Option[] { _store, _connection, _shards, _retention })
        {
            if (parseResult.IsGiven(engineOption))
            {
                errors.Add($"{engineOption.Name} configures the in-process engine; with --target the server is already running.");
            }
        }
    }

    private static bool IsHostAndPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65_535;
    }
}
