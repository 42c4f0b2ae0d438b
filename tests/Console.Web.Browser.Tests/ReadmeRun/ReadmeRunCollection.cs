namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>Tests that start the product on its default ports: one at a time, never beside each other.</summary>
[CollectionDefinition(Name)]
public sealed class ReadmeRunCollection
{
    public const string Name = "readme run";
}
