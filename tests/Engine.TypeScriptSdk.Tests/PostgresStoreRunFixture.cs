using Fencepost.TestUtilities.Postgres;

namespace Fencepost.Engine.TypeScriptSdk.Tests;

/// <summary>The TypeScript run on a fresh PostgreSQL database of the shared test server.</summary>
public sealed class PostgresStoreRunFixture : TypeScriptRunFixture
{
    private PostgresServer? _server;
    private string _connectionString = "";

    protected override async Task<IReadOnlyList<KeyValuePair<string, string?>>> StoreSettingsAsync()
    {
        _server = await PostgresServer.GetAsync();
        _connectionString = await _server.CreateDatabaseAsync("typescript-sdk");
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
