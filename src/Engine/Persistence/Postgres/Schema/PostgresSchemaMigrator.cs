using Fencepost.Engine.Persistence.Postgres.Sql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fencepost.Engine.Persistence.Postgres.Schema;

/// <summary>
/// Applies <see cref="PostgresSchema"/>'s migrations that schema_version does not list yet, one DDL
/// per transaction (DSQL's rule), recording each version after its DDL succeeded. Safe when two
/// processes start at once: every DDL is idempotent, the version insert ignores duplicates, and the
/// errors a concurrent twin causes (PostgreSQL: duplicate catalog rows 23505/42P07/42710, lock
/// waits ending in 40001/40P01; DSQL: 40001 OC001 when the catalog changed) are retried.
/// Usable on its own as a command (<see cref="MigrateAsync"/>) as well as from the store's start.
/// </summary>
public sealed partial class PostgresSchemaMigrator(NpgsqlDataSource dataSource, PostgresTarget target, TimeProvider timeProvider, ILogger logger)
{
    private const int MaxAttemptsPerStep = 10;

    private static readonly HashSet<string> ConcurrentDdlStates =
        [PostgresErrorCodes.UniqueViolation, PostgresErrorCodes.DuplicateTable, PostgresErrorCodes.DuplicateObject,
         PostgresErrorCodes.SerializationFailure, PostgresErrorCodes.DeadlockDetected];

    /// <summary>
    /// The migration as a stand-alone command (e.g. a deploy step run before the servers start with
    /// MigrateOnStart off): connects with <paramref name="options"/> on a one-connection pool, migrates, disconnects.
    /// </summary>
    public static async Task<IReadOnlyList<int>> RunAsync(PostgresStoreOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory,
        Auth.DsqlAuthTokenGenerator? authTokens = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var errors = PostgresStoreOptionsValidator.Errors(options);
        if (errors.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(nameof(PostgresStoreOptions), typeof(PostgresStoreOptions), errors);
        }
        var single = new PostgresStoreOptions
        {
            ConnectionString = options.ConnectionString,
            Target = options.Target,
            MaxPoolSize = 1,
            ConnectionLifetime = options.ConnectionLifetime,
            UseIamAuth = options.UseIamAuth,
            Region = options.Region,
            ClusterEndpoint = options.ClusterEndpoint,
            Admin = options.Admin,
        };
        if (single.UseIamAuth)
        {
            authTokens ??= Auth.DsqlAuthTokenGenerator.FromDefaultCredentials(timeProvider);
        }
        await using var dataSource = PostgresDataSourceFactory.Create(single, "schema-migrator", () => { }, authTokens, loggerFactory);
        var migrator = new PostgresSchemaMigrator(dataSource, options.Target, timeProvider, loggerFactory.CreateLogger<PostgresSchemaMigrator>());
        return await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies what is missing and returns the versions this call applied (empty when up to date).</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await ExecuteDdlAsync(PostgresSchema.CreateSchemaVersionTable, cancellationToken).ConfigureAwait(false);
        var applied = await ReadAppliedVersionsAsync(cancellationToken).ConfigureAwait(false);
        var appliedNow = new List<int>();
        foreach (var migration in PostgresSchema.MigrationsFor(target))
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }
            await ExecuteDdlAsync(migration.Ddl, cancellationToken).ConfigureAwait(false);
            if (await RecordVersionAsync(migration, cancellationToken).ConfigureAwait(false))
            {
                appliedNow.Add(migration.Version);
                LogApplied(logger, migration.Version, migration.Description);
            }
        }
        return appliedNow;
    }

    /// <summary>The versions schema_version lists.</summary>
    public async Task<HashSet<int>> ReadAppliedVersionsAsync(CancellationToken cancellationToken = default)
    {
        var versions = new HashSet<int>();
        await using var command = dataSource.CreateCommand(PostgresStatements.SelectSchemaVersions);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(reader.GetInt32(0));
        }
        return versions;
    }

    // Autocommit: the DDL is its own transaction, never mixed with DML.
    private async Task ExecuteDdlAsync(string ddl, CancellationToken cancellationToken) =>
        await ExecuteRacingTwinsAsync(ddl, _ => { }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// True when this call inserted the version row. Nodes started together insert the same
    /// version at the same moment: PostgreSQL at REPEATABLE READ answers the loser's
    /// ON CONFLICT DO NOTHING with 40001 instead of doing nothing, so that is retried like a DDL
    /// race, and the retry finds the twin's row (0 rows: someone else recorded it).
    /// </summary>
    private async Task<bool> RecordVersionAsync(PostgresMigration migration, CancellationToken cancellationToken) =>
        await ExecuteRacingTwinsAsync(PostgresStatements.InsertSchemaVersion, parameters =>
        {
            parameters.Add(PostgresParameters.Int(migration.Version));
            parameters.Add(PostgresParameters.Text(migration.Description));
            parameters.Add(PostgresParameters.Time(timeProvider.GetUtcNow()));
        }, cancellationToken).ConfigureAwait(false) == 1;

    private async Task<int> ExecuteRacingTwinsAsync(string sql, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = dataSource.CreateCommand(sql);
                bind(command.Parameters);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ConcurrentDdlStates.Contains(ex.SqlState) && attempt < MaxAttemptsPerStep)
            {
                // Another migrator created the same object at the same moment; IF NOT EXISTS sees it next time.
                LogConcurrentDdl(logger, ex.SqlState, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Applied schema migration {Version}: {Description}")]
    private static partial void LogApplied(ILogger logger, int version, string description);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Schema step raced a concurrent migrator ({SqlState}), attempt {Attempt}; retrying")]
    private static partial void LogConcurrentDdl(ILogger logger, string sqlState, int attempt);
}
