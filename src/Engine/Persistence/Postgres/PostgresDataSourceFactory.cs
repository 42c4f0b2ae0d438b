using Fencepost.Engine.Persistence.Postgres.Auth;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fencepost.Engine.Persistence.Postgres;

/// <summary>
/// Builds the store's <see cref="NpgsqlDataSource"/> from <see cref="PostgresStoreOptions"/>: a pool
/// pre-sized to its maximum (MinPoolSize = MaxPoolSize, so idle pruning never shrinks it: the idle
/// timeout is effectively off), recycled before DSQL's 60-minute cap, auto-prepared statements, and
/// for DSQL with IAM an SSL connection whose password is a fresh SigV4 token from
/// <see cref="DsqlAuthTokenGenerator"/>, refreshed well before its 15-minute expiry.
/// </summary>
public static class PostgresDataSourceFactory
{
    /// <summary>Refresh tokens at 2/3 of their lifetime; retry quickly when signing failed.</summary>
    private static readonly TimeSpan TokenRefresh = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan TokenRetry = TimeSpan.FromSeconds(5);

    public static NpgsqlConnectionStringBuilder ConnectionStringFor(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = true,
            MaxPoolSize = options.MaxPoolSize,
            MinPoolSize = options.MaxPoolSize,
            ConnectionLifetime = (int)options.ConnectionLifetime.TotalSeconds,
            Enlist = false,
            // The store never changes session state, so the reset (DISCARD ALL, which DSQL lacks) is skipped.
            NoResetOnClose = true,
        };
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 256;
            builder.AutoPrepareMinUsages = 2;
        }
        if (options.Target == PostgresTarget.PostgreSql)
        {
            // DSQL always runs REPEATABLE READ; PostgreSQL is told to, so autocommit statements match too.
            // PostgreSQL also locks the rows a transaction wrote or read FOR UPDATE (DSQL never blocks):
            // a process frozen mid-transaction (paused, SIGSTOP, a long GC) would hold its shard row
            // lock forever and block the node taking the shard over, so the server ends such sessions.
            const string sessionOptions = @"-c default_transaction_isolation=repeatable\ read -c idle_in_transaction_session_timeout=10s";
            builder.Options = string.IsNullOrEmpty(builder.Options) ? sessionOptions : builder.Options + " " + sessionOptions;
        }
        if (options.UseIamAuth)
        {
            builder.Host = options.ClusterEndpoint;
            builder.Database = string.IsNullOrEmpty(builder.Database) ? "postgres" : builder.Database;
            builder.Username = options.Admin ? "admin" : builder.Username;
            builder.SslMode = SslMode.Require;
            builder.Password = null;
        }
        return builder;
    }

    public static NpgsqlDataSource Create(PostgresStoreOptions options, string poolName, Action onPhysicalOpen,
        DsqlAuthTokenGenerator? tokens, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlDataSourceBuilder(ConnectionStringFor(options).ConnectionString) { Name = poolName };
        builder.UseLoggerFactory(loggerFactory);
        builder.UsePhysicalConnectionInitializer(_ => onPhysicalOpen(), _ =>
        {
            onPhysicalOpen();
            return Task.CompletedTask;
        });
        if (options.UseIamAuth)
        {
            if (tokens is null)
            {
                throw new InvalidOperationException("UseIamAuth needs a DsqlAuthTokenGenerator.");
            }
            var endpoint = options.ClusterEndpoint!;
            var region = options.Region!;
            var admin = options.Admin;
            builder.UsePeriodicPasswordProvider((_, ct) => tokens.GenerateAsync(endpoint, region, admin, ct), TokenRefresh, TokenRetry);
        }
        return builder.Build();
    }
}
