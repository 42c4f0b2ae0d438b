using System.Diagnostics;
using Fencepost.TestUtilities.Network;
using Npgsql;

namespace Fencepost.TestUtilities.Postgres;

/// <summary>
/// The PostgreSQL server the tests of one test assembly run share: the one named by
/// FENCEPOST_TEST_POSTGRES (an Npgsql connection string) when set, else a throwaway cluster started
/// here (initdb + pg_ctl on a free loopback port in a temp directory, as the `postgres` user when
/// running as root, fsync and synchronous_commit off because test data need not survive a crash),
/// stopped and deleted when the test process exits. Each user gets its own fresh database.
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "FENCEPOST_TEST_POSTGRES";
    internal const string InstallHint = "install postgresql (apt-get install postgresql) or set " + EnvironmentVariable + " to an Npgsql connection string";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _dataRoot;
    private readonly string? _pgCtl;

    private PostgresServer(string adminConnectionString, string? dataRoot, string? pgCtl)
    {
        AdminConnectionString = adminConnectionString;
        _dataRoot = dataRoot;
        _pgCtl = pgCtl;
    }

    /// <summary>A superuser connection string to the server's maintenance database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The one server of this test run, started on first use.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>Creates an empty database with a unique name and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        // PostgreSQL names are at most 63 bytes: a short purpose and a GUID fit.
        var name = $"fp_{new string(purpose.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(24).ToArray())}_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/> (closing its connections first).</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, null, null);
        }
        var bin = FindBinDirectory() ?? throw new InvalidOperationException($"No PostgreSQL server binaries (initdb, pg_ctl) were found: {InstallHint}.");
        var root = Directory.CreateTempSubdirectory("fencepost-pg-").FullName;
        var data = Path.Combine(root, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
            await RunAsync("chown", ["-R", "postgres:postgres", root], asPostgres: false);
        }
        var initdb = Path.Combine(bin, "initdb");
        var pgCtl = Path.Combine(bin, "pg_ctl");
        await RunAsync(initdb, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], asRoot);
        var port = LoopbackPorts.Next();
        var serverOptions = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                            "-c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB";
        await RunAsync(pgCtl, ["-D", data, "-l", Path.Combine(root, "server.log"), "-o", serverOptions, "-w", "-t", "60", "start"], asRoot);
        var server = new PostgresServer(
            new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Pooling = false }.ConnectionString,
            root, pgCtl);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(asRoot);
        return server;
    }

    private void Stop(bool asRoot)
    {
        if (_pgCtl is null || _dataRoot is null)
        {
            return;
        }
        try
        {
            RunAsync(_pgCtl, ["-D", Path.Combine(_dataRoot, "data"), "-m", "immediate", "-w", "stop"], asRoot).GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
    }

    internal static string? FindBinDirectory()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }
        try
        {
            var pgConfig = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (pgConfig is not null)
            {
                var dir = pgConfig.StandardOutput.ReadToEnd().Trim();
                pgConfig.WaitForExit();
                if (pgConfig.ExitCode == 0 && File.Exists(Path.Combine(dir, "initdb")))
                {
                    return dir;
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pg_config is not installed; try the Debian layout next.
        }
        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
    }

    internal static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. arguments]) : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}: {InstallHint}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{file} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {await error} {await output}. To use another server, {InstallHint}.");
        }
    }
}
