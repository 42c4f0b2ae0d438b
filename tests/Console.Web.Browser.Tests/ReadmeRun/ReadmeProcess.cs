using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>
/// The product started the way the README tells a new user to: <c>dotnet run --project src/Console.Web</c>
/// from the repository root, in the default environment (no ASP.NET or Fencepost variables, so it runs
/// in Production on its default ports), in a session of its own so Ctrl+C reaches it as a terminal's
/// would: SIGINT to the whole process group (<c>dotnet run</c> and the app). Only <c>-c Release
/// --no-build</c> is added, to run what the test command already built instead of building again.
/// </summary>
public sealed partial class ReadmeProcess : IAsyncDisposable
{
    public const int ConsolePort = 8080;
    public const int FrontendPort = 7233;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly string[] EnvironmentPrefixesToDrop = ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "Fencepost__", "Logging__", "FENCEPOST_"];

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly Lock _logLock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private ReadmeProcess(Process process)
    {
        _process = process;
    }

    public static Uri ConsoleAddress { get; } = new($"http://localhost:{ConsolePort}");

    public static string FrontendTarget => $"127.0.0.1:{FrontendPort}";

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process printed so far, each line prefixed with the milliseconds since start.</summary>
    public string Log
    {
        get
        {
            lock (_logLock)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The first-run admin and the password the product generates and logs when no admin is configured.</summary>
    public (string User, string Password) GeneratedAdmin =>
        GeneratedAdminLine().Match(Log) is { Success: true } match ? (match.Groups[1].Value, match.Groups[2].Value)
            : throw new InvalidOperationException("The product logged no generated admin password:\n" + Log);

    public static async Task<ReadmeProcess> StartAsync()
    {
        foreach (var port in (int[])[ConsolePort, FrontendPort])
        {
            if (IsListening(port))
            {
                throw new InvalidOperationException(
                    $"Port {port} is in use, so the product cannot start on its default ports as the README runs it: stop whatever listens there (perhaps a Fencepost you started by hand).");
            }
        }
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = ConsoleAppFixture.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["dotnet", "run", "--project", "src/Console.Web", "-c", "Release", "--no-build"])
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var name in start.Environment.Keys.Where(k => EnvironmentPrefixesToDrop.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("setsid did not start.");
        var product = new ReadmeProcess(process);
        process.OutputDataReceived += (_, e) => product.Append(e.Data);
        process.ErrorDataReceived += (_, e) => product.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await product.WaitUntilServingAsync();
        }
        catch
        {
            await product.DisposeAsync();
            throw;
        }
        return product;
    }

    /// <summary>Sends SIGINT to the process group, as Ctrl+C in a terminal does, and waits up to <paramref name="bound"/> for it to exit.</summary>
    public async Task<CtrlCOutcome> PressCtrlCAsync(TimeSpan bound)
    {
        var signalledAt = _clock.Elapsed;
        var logBefore = Log.Length;
        using (var kill = Process.Start("kill", ["-INT", "--", "-" + _process.Id]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return new CtrlCOutcome(Exited: false, ExitCode: null, _clock.Elapsed - signalledAt, Log[logBefore..]);
        }
        return new CtrlCOutcome(Exited: true, _process.ExitCode, _clock.Elapsed - signalledAt, Log[logBefore..]);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-KILL", "--", "-" + _process.Id]))
            {
                await kill.WaitForExitAsync();
            }
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = _clock.Elapsed + StartTimeout;
        while (_clock.Elapsed < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The product exited with code {_process.ExitCode} before serving:\n{Log}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(ConsoleAddress, "/signin"));
                if (response.IsSuccessStatusCode && Log.Contains("Application started", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer its first request.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The product did not serve {ConsoleAddress}signin within {StartTimeout.TotalSeconds:0} s:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logLock)
        {
            // The SDK core colours its log lines; the assertions read plain text.
            _log.Append(_clock.ElapsedMilliseconds).Append(' ').AppendLine(AnsiEscape().Replace(line, ""));
        }
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"Sign in as '([^']+)' with the generated password (\S+)")]
    private static partial Regex GeneratedAdminLine();
}
