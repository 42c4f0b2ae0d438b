using Fencepost.Engine.Persistence.Postgres;
using Npgsql;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

public sealed class PostgresDataSourceFactoryTests
{
    [Fact]
    public void ConnectionStringFor_Defaults_PrewarmedPoolRecycledBeforeDsqlsHourAndRepeatableRead()
    {
        var builder = PostgresDataSourceFactory.ConnectionStringFor(new PostgresStoreOptions { ConnectionString = "Host=db;Username=u;Password=p" });

        Assert.Equal(50, builder.MaxPoolSize);
        Assert.Equal(50, builder.MinPoolSize);
        Assert.Equal(55 * 60, builder.ConnectionLifetime);
        Assert.True(builder.MaxAutoPrepare > 0);
        Assert.Contains("default_transaction_isolation=repeatable", builder.Options, StringComparison.Ordinal);
        // A frozen process must not hold its row locks (its shard row) past a takeover.
        Assert.Contains("idle_in_transaction_session_timeout=10s", builder.Options, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionStringFor_DsqlWithIam_ConnectsAsAdminOverTlsToTheEndpointWithoutAStaticPassword()
    {
        var builder = PostgresDataSourceFactory.ConnectionStringFor(new PostgresStoreOptions
        {
            ConnectionString = "Host=ignored;Username=someone;Password=stale",
            Target = PostgresTarget.Dsql,
            UseIamAuth = true,
            Admin = true,
            Region = "us-east-1",
            ClusterEndpoint = "abc.dsql.us-east-1.on.aws",
        });

        Assert.Equal("abc.dsql.us-east-1.on.aws", builder.Host);
        Assert.Equal("admin", builder.Username);
        Assert.Equal("postgres", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Null(builder.Password);
        // DSQL runs REPEATABLE READ only and gets no startup options.
        Assert.True(string.IsNullOrEmpty(builder.Options));
    }
}
