using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Postgres.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fencepost.ConsoleWeb.Commands;

/// <summary>
/// <c>migrate</c>: applies Fencepost's schema to PostgreSQL or Aurora DSQL and exits, so operators
/// can migrate before rolling out nodes (nodes also migrate at start). Runs the same versioned,
/// idempotent migrator as the server.
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public const string Usage =
        "usage: migrate --connection \"<Npgsql connection string>\" [--target PostgreSql|Dsql] [--iam --region <region> --endpoint <cluster endpoint> [--admin]]";

    public static bool Matches(IReadOnlyList<string> args) => args.Count > 0 && args[0] == Name;

    /// <summary>Returns the process exit code: 0 migrated or up to date, 1 the migration failed, 2 bad arguments.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (options, problems) = Parse(args);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync(problem).ConfigureAwait(false);
            }
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        try
        {
            var appliedNow = await PostgresSchemaMigrator.RunAsync(options, TimeProvider.System, NullLoggerFactory.Instance, cancellationToken: cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(appliedNow.Count == 0
                ? $"Schema is up to date ({options.Target})."
                : $"Applied schema versions {string.Join(", ", appliedNow)} ({options.Target}).").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is NpgsqlException or PersistenceException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await error.WriteLineAsync($"Migration failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static (PostgresStoreOptions Options, List<string> Problems) Parse(IReadOnlyList<string> args)
    {
        var options = new PostgresStoreOptions { MaxPoolSize = 1, MigrateOnStart = true };
        var problems = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (args[i])
            {
                case "--connection":
                    options.ConnectionString = Value() ?? "";
                    break;
                case "--target":
                    var target = Value();
                    if (Enum.TryParse<PostgresTarget>(target, ignoreCase: true, out var parsed))
                        options.Target = parsed;
                    else
                        problems.Add($"--target must be PostgreSql or Dsql, not '{target}'.");
                    break;
                case "--iam":
                    options.UseIamAuth = true;
                    break;
                case "--admin":
                    options.Admin = true;
                    break;
                case "--region":
                    options.Region = Value();
                    break;
                case "--endpoint":
                    options.ClusterEndpoint = Value();
                    break;
                default:
                    problems.Add($"Unknown argument '{args[i]}'.");
                    break;
            }
        }
        problems.AddRange(PostgresStoreOptionsValidator.Errors(options));
        return (options, problems);
    }
}
