using Fencepost.TestUtilities.Postgres;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>The engine on a fresh PostgreSQL database (the shared test server from TestUtilities).</summary>
public sealed class PostgresEngineFixture : EngineFixture
{
    private PostgresServer? _server;
    private string _connectionString = "";

    /// <summary>The engine's database, for tests that look at or change it underneath the engine.</summary>
    public string ConnectionString => _connectionString;

    protected override async Task<IReadOnlyList<KeyValuePair<string, string?>>> StoreSettingsAsync()
    {
        _server = await PostgresServer.GetAsync();
        _connectionString = await _server.CreateDatabaseAsync("engine-sdk");
        return
        [
            new("Fencepost:Store:Kind", "postgres"),
            new("Fencepost:Store:ConnectionString", _connectionString),
            new("Fencepost:Store:Target", "PostgreSql"),
        ];
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null && _connectionString.Length > 0)
        {
            await _server.DropDatabaseAsync(_connectionString);
        }
    }
}
