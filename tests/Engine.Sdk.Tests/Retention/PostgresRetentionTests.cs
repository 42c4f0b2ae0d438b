using Fencepost.TestUtilities.Postgres;

namespace Fencepost.Engine.Sdk.Tests.Retention;

/// <summary>The retention cases on PostgreSQL.</summary>
public class PostgresRetentionTests : RetentionTests
{
    private PostgresServer? _server;
    private string _connectionString = "";

    protected override async Task<IReadOnlyList<KeyValuePair<string, string?>>> StoreSettingsAsync()
    {
        if (_connectionString.Length == 0)
        {
            _server = await PostgresServer.GetAsync();
            _connectionString = await _server.CreateDatabaseAsync("retention");
        }
        return
        [
            new("Fencepost:Store:Kind", "postgres"),
            new("Fencepost:Store:ConnectionString", _connectionString),
            new("Fencepost:Store:Target", "PostgreSql"),
        ];
    }
}
