namespace Fencepost.Diagnostics.Tests;

public class DiagnosticsAssemblyTests
{
    [Fact]
    public void Prefix_IsProductName() => Assert.Equal("Fencepost", DiagnosticsAssembly.Prefix);
}
