using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using Fencepost.Engine.Cluster;
using Fencepost.Engine.Cluster.Introspection;
using Fencepost.TestUtilities.Network;
using Npgsql;

namespace Fencepost.Cluster.Tests.Infrastructure;

/// <summary>
/// One Fencepost node as a child process (<c>dotnet Fencepost.ConsoleWeb.dll --store postgres ...</c>)
/// with its own roles, host id and loopback ports. Its output is kept for assertions and for the
/// failure message; Dispose kills it (and its children) whatever state it is in.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly Lock _logLock = new();
    private readonly HttpClient _http;
    private bool _stopped;
    private volatile bool _exitRequested;

    private NodeProcess(string hostId, string roles, int rpcPort, int frontendPort, int consolePort, Process process)
    {
        ConsolePort = consolePort;
        HostId = hostId;
        Roles = roles;
        RpcPort = rpcPort;
        FrontendPort = frontendPort;
        _process = process;
        // The internal listener speaks HTTP/2 without TLS only.
        _http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{rpcPort}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    public string HostId { get; }

    public string Roles { get; }

    public int RpcPort { get; }

    /// <summary>The Temporal frontend port (equal to <see cref="RpcPort"/> on a node without the frontend role).</summary>
    public int FrontendPort { get; }

    /// <summary>The port given as <c>--port</c>; only a node with the console role listens on it.</summary>
    public int ConsolePort { get; }

    public string FrontendTarget => $"127.0.0.1:{FrontendPort}";

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>True when the node ended without the test killing or stopping it (it crashed or could not start).</summary>
    public bool ExitedUnexpectedly => !_exitRequested && _process.HasExited;

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

    /// <summary>Starts a node; <paramref name="settings"/> become extra <c>--key value</c> arguments, <paramref name="environment"/> extra variables.</summary>
    public static NodeProcess Start(string hostId, string roles, string connectionString, int shardCount,
        IReadOnlyDictionary<string, string>? settings = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = typeof(NodeProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ConsoleWebDll").Value!;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The console app is not built at {dll}; build Console.sln first.");
        }
        var rpcPort = LoopbackPorts.Next();
        var frontendPort = roles.Contains("frontend", StringComparison.Ordinal) ? LoopbackPorts.Next() : rpcPort;
        var consolePort = LoopbackPorts.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            // The host id as the connections' application_name, so pg_stat_activity tells the nodes apart.
            dll, "--store", "postgres", "--connection", new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = hostId }.ConnectionString,
            "--port", consolePort.ToString(CultureInfo.InvariantCulture),
            "--Fencepost:Frontend:Port", frontendPort.ToString(CultureInfo.InvariantCulture),
            "--Fencepost:Node:Roles", roles,
            "--Fencepost:Node:HostId", hostId,
            "--Fencepost:Node:RpcAddress", $"127.0.0.1:{rpcPort}",
            "--Fencepost:Store:MaxPoolSize", "4",
            "--Fencepost:History:ShardCount", shardCount.ToString(CultureInfo.InvariantCulture),
            "--Fencepost:Console:AdminPassword", "cluster-tests-only",
            "--Logging:LogLevel:Default", "Warning",
            "--Logging:LogLevel:Fencepost", "Information",
            "--Logging:LogLevel:Fencepost.Engine.Persistence", "Warning",
            "--Logging:Console:FormatterName", "simple",
            "--Logging:Console:FormatterOptions:SingleLine", "true",
        ])
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var process = new Process { StartInfo = start };
        var node = new NodeProcess(hostId, roles, rpcPort, frontendPort, consolePort, process);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>This node's /cluster/state, or null while it is not answering (starting, frozen, dead).</summary>
    public async Task<ClusterState?> TryReadStateAsync()
    {
        try
        {
            var state = await _http.GetFromJsonAsync(ClusterHostingExtensions.ClusterStatePath, ClusterStateJsonContext.Default.ClusterState);
            return state;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The status of <c>method path</c> on this node's internal listener (HTTP/2 cleartext).</summary>
    public async Task<HttpStatusCode> StatusOfAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The status of <c>GET path</c> on this node's HTTP/1.1 port (the console port, open on every node for probes and metrics).</summary>
    public async Task<HttpStatusCode> HttpStatusAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ConsolePort}"), Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>True when something accepts TCP connections on <paramref name="port"/> of 127.0.0.1.</summary>
    public static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>kill -9: the node gets no chance to leave the cluster or release anything.</summary>
    public void Kill()
    {
        _exitRequested = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGTERM, as an orchestrator stops a node: it leaves the cluster and exits. Returns its exit code.</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan timeout)
    {
        _exitRequested = true;
        await SignalAsync("TERM", stopped: false);
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>SIGSTOP: the node freezes mid-flight (a zombie owner once its heartbeat expires).</summary>
    public Task FreezeAsync() => SignalAsync("STOP", stopped: true);

    /// <summary>SIGCONT: the frozen node carries on from where it stopped, believing it still owns its shards.</summary>
    public Task ResumeAsync() => SignalAsync("CONT", stopped: false);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_stopped)
            {
                await SignalAsync("CONT", stopped: false);
            }
            Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            _process.Dispose();
            _http.Dispose();
        }
    }

    public override string ToString() => $"{HostId} ({Roles}, pid {(_process.HasExited ? "exited" : _process.Id.ToString(CultureInfo.InvariantCulture))})";

    private async Task SignalAsync(string signal, bool stopped)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with exit code {kill.ExitCode}.");
        }
        _stopped = stopped;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logLock)
        {
            _log.AppendLine(line);
        }
    }
}
