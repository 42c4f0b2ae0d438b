namespace Fencepost.Diagnostics;

/// <summary>Anchor for the Diagnostics assembly (meters, histograms, conflict attribution, benchmark driver).</summary>
public static class DiagnosticsAssembly
{
    /// <summary>The name every Fencepost meter and activity source starts with.</summary>
    public const string Prefix = "Fencepost";
}
