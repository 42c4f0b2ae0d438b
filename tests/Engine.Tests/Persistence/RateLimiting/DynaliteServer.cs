using System.Diagnostics;
using Fencepost.TestUtilities.Network;

namespace Fencepost.Engine.Tests.Persistence.RateLimiting;

/// <summary>
/// A real DynamoDB-API server (npm's dynalite, in memory) on a free loopback port, started once
/// per test class. eng/test.sh installs it into tests/tools/node_modules.
/// </summary>
public sealed class DynaliteServer : IAsyncLifetime
{
    private Process? _process;

    public string ServiceUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var cli = FindCli();
        var port = LoopbackPorts.Next();
        var start = new ProcessStartInfo("node", [cli, "--host", "127.0.0.1", "--port", port.ToString(), "--createTableMs", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for dynalite.");
        ServiceUrl = $"http://127.0.0.1:{port}";

        // Bounded by node's start, which a loaded machine can stretch to several seconds; a crash
        // ends the wait at once (end of output).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                throw new InvalidOperationException($"dynalite exited before listening: {await _process.StandardError.ReadToEndAsync(timeout.Token)}");
            }
            if (line.Contains("listening", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
        }
        _process?.Dispose();
        return Task.CompletedTask;
    }

    private static string FindCli()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var cli = Path.Combine(dir.FullName, "tests", "tools", "node_modules", "dynalite", "cli.js");
            if (File.Exists(cli))
            {
                return cli;
            }
        }
        throw new InvalidOperationException(
            "dynalite is not installed: run ./eng/test.sh, or `npm ci` in tests/tools (needs node and npm: apt-get install nodejs npm).");
    }
}
