using System.Globalization;

namespace Fencepost.Benchmarks.Driver.CommandLine;

/// <summary>
/// Parses <c>bench --scenario &lt;name&gt; --rate &lt;wps&gt; --duration &lt;s&gt; ...</c>, reporting every
/// problem at once with the option it concerns.
/// </summary>
public static class BenchArgumentParser
{
    private static readonly HashSet<string> KnownOptions = new(StringComparer.Ordinal)
    {
        "--scenario", "--mode", "--rate", "--concurrency", "--duration", "--warmup", "--drain", "--calibration",
        "--store", "--connection", "--shards", "--fanout", "--timer-ms", "--json", "--csv", "--runs-folder",
        "--target", "--namespace",
    };

    /// <summary>Options that are switches: present or absent, no value.</summary>
    private static readonly HashSet<string> KnownFlags = new(StringComparer.Ordinal) { "--eager-start" };

    /// <summary>Parses the arguments after the word <c>bench</c>.</summary>
    public static BenchArgumentsParseResult Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var errors = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (KnownFlags.Contains(name))
            {
                if (!flags.Add(name))
                {
                    errors.Add($"{name} is given more than once.");
                }
                continue;
            }
            if (!KnownOptions.Contains(name))
            {
                errors.Add($"Unknown option \"{name}\".");
                continue;
            }
            if (i + 1 >= args.Count || KnownOptions.Contains(args[i + 1]) || KnownFlags.Contains(args[i + 1]))
            {
                errors.Add($"{name} needs a value.");
                continue;
            }
            if (!values.TryAdd(name, args[++i]))
            {
                errors.Add($"{name} is given more than once.");
            }
        }

        var scenario = Text(values, "--scenario");
        if (scenario is null)
        {
            errors.Add($"--scenario is required (one of {string.Join(", ", BenchmarkScenarios.Names)}).");
        }
        else if (!BenchmarkScenarios.Names.Contains(scenario))
        {
            errors.Add($"--scenario \"{scenario}\" is unknown; use one of {string.Join(", ", BenchmarkScenarios.Names)}.");
        }

        var mode = Text(values, "--mode") ?? "open";
        if (mode is not ("open" or "closed"))
        {
            errors.Add($"--mode must be \"open\" (a target rate) or \"closed\" (a fixed concurrency), not \"{mode}\".");
        }
        var rate = Number(values, "--rate", errors);
        var concurrency = Integer(values, "--concurrency", errors);
        if (mode == "open" && rate is null && !values.ContainsKey("--rate"))
        {
            errors.Add("--rate <workflows per second> is required in the open-loop mode.");
        }
        if (mode == "closed")
        {
            if (values.ContainsKey("--rate"))
            {
                errors.Add("--rate does not apply to --mode closed (the concurrency sets the load).");
            }
            if (concurrency is null && !values.ContainsKey("--concurrency"))
            {
                errors.Add("--concurrency <workflows in flight> is required with --mode closed.");
            }
        }
        var duration = Seconds(values, "--duration", errors);
        if (duration is null && !values.ContainsKey("--duration"))
        {
            errors.Add("--duration <seconds> is required.");
        }
        var warmup = Seconds(values, "--warmup", errors) ?? TimeSpan.FromSeconds(10);
        var drain = Seconds(values, "--drain", errors) ?? TimeSpan.FromSeconds(30);
        var calibration = Seconds(values, "--calibration", errors) ?? TimeSpan.FromSeconds(3);

        var store = Text(values, "--store") ?? "embedded";
        var connection = Text(values, "--connection");
        if (store is not ("embedded" or "postgres"))
        {
            errors.Add($"--store must be \"embedded\" or \"postgres\", not \"{store}\".");
        }
        if (store == "postgres" && string.IsNullOrWhiteSpace(connection))
        {
            errors.Add("--store postgres needs --connection \"<Npgsql connection string>\".");
        }
        if (store == "embedded" && connection is not null)
        {
            errors.Add("--connection applies to --store postgres only.");
        }
        var target = Text(values, "--target");
        if (target is not null)
        {
            if (!IsHostAndPort(target))
            {
                errors.Add($"--target must be host:port of a Temporal frontend (e.g. 127.0.0.1:7233), not \"{target}\".");
            }
            foreach (var engineOption in new[] { "--store", "--connection", "--shards" })
            {
                if (values.ContainsKey(engineOption))
                {
                    errors.Add($"{engineOption} configures the in-process engine; with --target the server is already running.");
                }
            }
        }
        var ns = Text(values, "--namespace") ?? "default";
        if (string.IsNullOrWhiteSpace(ns))
        {
            errors.Add("--namespace must name a namespace.");
        }
        var shards = Integer(values, "--shards", errors) ?? 4;
        if (shards is < 1 or > 16_384)
        {
            errors.Add($"--shards must be between 1 and 16384, not {shards}.");
        }
        var fanout = Integer(values, "--fanout", errors) ?? 10;
        if (fanout is < 1 or > 1_000)
        {
            errors.Add($"--fanout must be between 1 and 1000, not {fanout}.");
        }
        var timerMs = Integer(values, "--timer-ms", errors) ?? 100;
        if (timerMs is < 0 or > 3_600_000)
        {
            errors.Add($"--timer-ms must be between 0 and 3600000, not {timerMs}.");
        }

        var load = new LoadDriverOptions
        {
            Mode = mode == "closed" ? LoadMode.ClosedLoop : LoadMode.OpenLoop,
            Rate = rate ?? 0,
            Concurrency = concurrency ?? 16,
            Duration = duration ?? TimeSpan.Zero,
            Warmup = warmup,
            // Half the warm-up ramps up, the other half runs at the full rate before measuring starts.
            RampUp = warmup / 2,
            DrainTimeout = drain,
            CalibrationDuration = calibration,
            EagerStart = flags.Contains("--eager-start"),
        };
        if (duration is not null && errors.Count == 0)
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
            Target = target,
            Namespace = ns,
            Store = store,
            Connection = connection,
            ShardCount = shards,
            FanoutWidth = fanout,
            TimerDelay = TimeSpan.FromMilliseconds(timerMs),
            JsonPath = Text(values, "--json"),
            CsvPath = Text(values, "--csv"),
            RunsFolder = Text(values, "--runs-folder"),
        }, []);
    }

    private static bool IsHostAndPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65_535;
    }

    private static string? Text(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) ? value : null;

    private static double? Number(Dictionary<string, string> values, string name, List<string> errors)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
        {
            return value;
        }
        errors.Add($"{name} must be a positive number, not \"{text}\".");
        return null;
    }

    private static int? Integer(Dictionary<string, string> values, string name, List<string> errors)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add($"{name} must be a whole number, not \"{text}\".");
        return null;
    }

    private static TimeSpan? Seconds(Dictionary<string, string> values, string name, List<string> errors)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds <= 86_400)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        errors.Add($"{name} must be a number of seconds between 0 and 86400, not \"{text}\".");
        return null;
    }
}
