using System.Net;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Hosting.Health;
using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Postgres.Schema;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// The readiness probe over HTTP: 200 while the engine serves, 503 with the reason once its store's
/// schema falls behind the build (a node started before its migration ran), while liveness stays 200.
/// </summary>
public sealed class ReadinessProbeTests(PostgresEngineFixture engine) : IClassFixture<PostgresEngineFixture>
{
    [Fact]
    public async Task Readyz_SchemaMissingTheNewestMigration_Answers503NamingItWhileHealthzStays200()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(EngineHealthChecks.ReadinessPath)).Status);
        var newest = PostgresSchema.MigrationsFor(PostgresTarget.PostgreSql)[^1].Version;
        await ExecuteAsync($"DELETE FROM schema_version WHERE version = {newest}");
        try
        {
            var (status, body) = await GetAsync(EngineHealthChecks.ReadinessPath);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains($"lacks migrations {newest}", body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(EngineHealthChecks.LivenessPath)).Status);
        }
        finally
        {
            await ExecuteAsync($"INSERT INTO schema_version (version, description, applied_at) VALUES ({newest}, 'restored by test', now())");
        }
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(EngineHealthChecks.ReadinessPath)).Status);
    }

    /// <summary>Over the frontend's own listener (HTTP/2 cleartext): the probes are mapped on every listener.</summary>
    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var http = new HttpClient
        {
            BaseAddress = new Uri($"http://{engine.Services.GetRequiredService<IFrontendEndpoint>().Target}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(engine.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
