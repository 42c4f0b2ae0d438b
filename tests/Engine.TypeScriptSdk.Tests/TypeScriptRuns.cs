namespace Fencepost.Engine.TypeScriptSdk.Tests;

/// <summary>
/// The stores' runs go one after the other: each already keeps the machine busy (a worker, up to a
/// hundred workflows at once), and two at once would make their timings depend on each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TypeScriptRuns
{
    public const string Name = "TypeScript SDK runs";
}
