using System.Globalization;
using Fencepost.TestUtilities.Network;
using Npgsql;

namespace Fencepost.TestUtilities.Postgres;

/// <summary>
/// A PostgreSQL server of one test's own (initdb + pg_ctl on a free loopback port below the
/// ephemeral range, so nothing else takes the port while the server is down), for tests that stop,
/// restart or freeze the server under the engine without disturbing the shared one. Needs the
/// server binaries even when FENCEPOST_TEST_POSTGRES names a server. Dispose stops and deletes it.
/// </summary>
public sealed class DedicatedPostgresServer : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _pgCtl;
    private readonly string _serverOptions;
    private readonly bool _asRoot;
    private bool _paused;

    private DedicatedPostgresServer(string root, string pgCtl, string serverOptions, bool asRoot, int port)
    {
        _root = root;
        _pgCtl = pgCtl;
        _serverOptions = serverOptions;
        _asRoot = asRoot;
        Port = port;
        AdminConnectionString = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Pooling = false }.ConnectionString;
    }

    public int Port { get; }

    /// <summary>A superuser connection string to the maintenance database.</summary>
    public string AdminConnectionString { get; }

    private string DataDirectory => Path.Combine(_root, "data");

    public static async Task<DedicatedPostgresServer> StartAsync()
    {
        var bin = PostgresServer.FindBinDirectory()
            ?? throw new InvalidOperationException($"No PostgreSQL server binaries (initdb, pg_ctl) were found; a test that restarts its own server needs them: {PostgresServer.InstallHint}.");
        var root = Directory.CreateTempSubdirectory("fencepost-pg-own-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await PostgresServer.RunAsync("chown", ["-R", "postgres:postgres", root], asPostgres: false);
        }
        var data = Path.Combine(root, "data");
        await PostgresServer.RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], asRoot);
        var port = LoopbackPorts.Next();
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB");
        var server = new DedicatedPostgresServer(root, Path.Combine(bin, "pg_ctl"), options, asRoot, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DeleteAsync().GetAwaiter().GetResult();
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"fp_{new string(purpose.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(24).ToArray())}_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary><c>pg_ctl stop -m fast</c>: sessions are ended, in-flight transactions rolled back, the server exits.</summary>
    public Task StopFastAsync() => PostgresServer.RunAsync(_pgCtl, ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], _asRoot);

    /// <summary>Starts the stopped server on the same port and waits until it accepts connections.</summary>
    public Task StartAgainAsync() => PostgresServer.RunAsync(_pgCtl,
        ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-o", _serverOptions, "-w", "-t", "60", "start"], _asRoot);

    /// <summary>SIGSTOP to the postmaster and every backend: the server freezes, connections stay open and nothing answers.</summary>
    public async Task PauseAsync()
    {
        await SignalAllAsync("STOP");
        _paused = true;
    }

    /// <summary>SIGCONT: the frozen server carries on (its timers, such as idle_in_transaction_session_timeout, fire late).</summary>
    public async Task ResumeAsync()
    {
        await SignalAllAsync("CONT");
        _paused = false;
    }

    public async ValueTask DisposeAsync() => await DeleteAsync();

    private async Task DeleteAsync()
    {
        if (!Directory.Exists(_root))
        {
            return;
        }
        try
        {
            if (_paused)
            {
                await SignalAllAsync("CONT");
            }
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await PostgresServer.RunAsync(_pgCtl, ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], _asRoot);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>The postmaster and its children (each backend runs in a session of its own, so a process group would miss them).</summary>
    private async Task SignalAllAsync(string signal)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        List<string> pids = [postmaster.ToString(CultureInfo.InvariantCulture)];
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, out _))
            {
                continue;
            }
            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after its ')'.
                var stat = await File.ReadAllTextAsync(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == postmaster)
                {
                    pids.Add(name);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }
        await PostgresServer.RunAsync("kill", [$"-{signal}", .. pids], asPostgres: false);
    }
}
