using System.CommandLine;
using Fencepost.CommandLine;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Postgres.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fencepost.ConsoleWeb.Commands;

/// <summary>
/// <c>migrate</c>: applies Fencepost's schema to PostgreSQL or Aurora DSQL and exits, so operators
/// can migrate before rolling out nodes (nodes also migrate at start). Runs the same versioned,
/// idempotent migrator as the server. Exit code 0: migrated or up to date; 1: the migration failed;
/// 2: bad arguments.
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var connection = CommandLineOptions.Text("--connection", "Npgsql connection string of the database to migrate");
        connection.Required = true;
        var target = CommandLineOptions.OneOf("--target", "PostgreSql creates indexes with CREATE INDEX; Dsql with CREATE INDEX ASYNC", "PostgreSql", "PostgreSql", "Dsql");
        var iam = new Option<bool>("--iam") { Description = "authenticate with an IAM token (SigV4) from the default AWS credentials instead of a password" };
        var region = CommandLineOptions.Text("--region", "the DSQL cluster's AWS region (with --iam)");
        var endpoint = CommandLineOptions.Text("--endpoint", "the DSQL cluster endpoint the token is for (with --iam)");
        var admin = new Option<bool>("--admin") { Description = "sign the token for the admin role (DbConnectAdmin); without it, a custom role (DbConnect)" };
        var command = new Command(Name, "Applies Fencepost's schema to PostgreSQL or Aurora DSQL and exits (nodes also apply it at start). "
            + "Exit code 0: migrated or already current; 1: the migration failed; 2: bad arguments.")
        {
            connection, target, iam, region, endpoint, admin,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new PostgresStoreOptions
            {
                ConnectionString = parseResult.GetValue(connection) ?? "",
                Target = Enum.Parse<PostgresTarget>(parseResult.GetValue(target)!),
                UseIamAuth = parseResult.GetValue(iam),
                Region = parseResult.GetValue(region),
                ClusterEndpoint = parseResult.GetValue(endpoint),
                Admin = parseResult.GetValue(admin),
                MaxPoolSize = 1,
                MigrateOnStart = true,
            };
            var problems = PostgresStoreOptionsValidator.Errors(options);
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync($"migrate: {problem}").ConfigureAwait(false);
                }
                return FencepostCommandLine.BadArguments;
            }
            return await MigrateAsync(options, output, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> MigrateAsync(PostgresStoreOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
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
}
