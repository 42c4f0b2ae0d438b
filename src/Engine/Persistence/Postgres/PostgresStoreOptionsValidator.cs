using Microsoft.Extensions.Options;
using Npgsql;

namespace Fencepost.Engine.Persistence.Postgres;

/// <summary>Checks <see cref="PostgresStoreOptions"/> at start and reports every problem at once.</summary>
public sealed class PostgresStoreOptionsValidator : IValidateOptions<PostgresStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStoreOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with <paramref name="options"/> (empty when valid).</summary>
    public static IReadOnlyList<string> Errors(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add("ConnectionString is required (an Npgsql connection string).");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                errors.Add($"ConnectionString is not a valid Npgsql connection string: {ex.Message}");
            }
        }
        if (options.MaxPoolSize is < 1 or > 10_000)
        {
            errors.Add($"MaxPoolSize must be 1-10000, not {options.MaxPoolSize}.");
        }
        if (options.ConnectionLifetime <= TimeSpan.Zero || options.ConnectionLifetime >= Limits.DsqlLimits.MaxConnectionLifetime)
        {
            errors.Add($"ConnectionLifetime must be positive and under DSQL's {Limits.DsqlLimits.MaxConnectionLifetime.TotalMinutes} minute cap, not {options.ConnectionLifetime}.");
        }
        if (options.WarmupConnectionsPerSecond < 1)
        {
            errors.Add($"WarmupConnectionsPerSecond must be at least 1, not {options.WarmupConnectionsPerSecond}.");
        }
        if (options.ShardWriteTransactionsInFlight is < 1 or > 1_000)
        {
            errors.Add($"ShardWriteTransactionsInFlight must be 1-1000, not {options.ShardWriteTransactionsInFlight}.");
        }
        if (options.SnowflakeNode is < 0 or > 1023)
        {
            errors.Add($"SnowflakeNode must be 0-1023, not {options.SnowflakeNode}.");
        }
        if (options.UseIamAuth)
        {
            if (string.IsNullOrWhiteSpace(options.Region))
            {
                errors.Add("Region is required when UseIamAuth is on.");
            }
            if (string.IsNullOrWhiteSpace(options.ClusterEndpoint))
            {
                errors.Add("ClusterEndpoint is required when UseIamAuth is on.");
            }
            if (options.Target != PostgresTarget.Dsql)
            {
                errors.Add("UseIamAuth needs Target = Dsql (IAM tokens are DSQL's authentication).");
            }
        }
        return errors;
    }
}
