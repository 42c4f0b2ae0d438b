namespace Fencepost.ConsoleWeb.Browser.Tests;

/// <summary>One app and one browser for every browser test: starting them is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleAppCollection : ICollectionFixture<ConsoleAppFixture>
{
    public const string Name = "console app";
}
