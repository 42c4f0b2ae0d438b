namespace Fencepost.Benchmarks.Driver.CommandLine;

/// <summary>The <c>bench</c> command's usage text.</summary>
public static class BenchUsage
{
    public static string Text => $"""
        Usage: dotnet run --project src/Console.Web -- bench --scenario <name> --rate <wf/s> --duration <s> [options]

        Starts the engine in-process on a free port (or uses the server named by --target), calibrates
        the store, runs the scenario with Temporal workers in this process and prints the report.
        Exit code 0: every measured workflow completed; 1: some failed or were lost (or the run could
        not start); 2: bad arguments.

          --scenario <name>      {string.Join(" | ", BenchmarkScenarios.Names)}
          --mode open|closed     open: starts at --rate whatever happens (default); closed: --concurrency in flight
          --rate <wf/s>          target start rate (open loop)
          --concurrency <n>      workflows in flight (closed loop); calibration writers (both), default 16
          --duration <s>         measured window
          --warmup <s>           excluded from the results; the rate ramps up in its first half (default 10)
          --drain <s>            wait at most this long for stragglers; the rest is lost (default 30)
          --calibration <s>      store calibration before the load, 0 to skip (default 3)
          --eager-start          starts ask for eager workflow start (the first workflow task comes back
                                 in the start's response to this process's worker); off by default
          --target <host:port>   load a running server instead of an in-process engine (the scenario's
                                 worker still runs here); no calibration, and the server's
                                 transactions, conflicts and stages are reported as n/a: read its /metrics
          --namespace <name>     namespace of the workflows (default "default")
          --store embedded|postgres   (default embedded)
          --connection "<Npgsql connection string>"   required with --store postgres
          --shards <n>           history shards of a fresh cluster (default 4)
          --fanout <n>           activities per fanout workflow (default 10)
          --timer-ms <ms>        timer scenario's delay (default 100)
          --json <file>          write the report (and run details) as JSON
          --csv <file>           write the report as CSV
          --runs-folder <dir>    where runs are kept (default ~/.fencepost/benchmarks)
        """;
}
