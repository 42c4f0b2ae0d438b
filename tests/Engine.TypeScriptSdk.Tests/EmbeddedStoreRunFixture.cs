namespace Fencepost.Engine.TypeScriptSdk.Tests;

/// <summary>The TypeScript run on the embedded DSQL emulator (the product's default store).</summary>
public sealed class EmbeddedStoreRunFixture : TypeScriptRunFixture
{
    protected override Task<IReadOnlyList<KeyValuePair<string, string?>>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyList<KeyValuePair<string, string?>>>([new("Fencepost:Store:Kind", "embedded")]);
}
