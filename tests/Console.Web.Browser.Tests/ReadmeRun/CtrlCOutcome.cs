namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>What happened after Ctrl+C: whether the process exited within the bound, how, how long it took, and what it printed meanwhile.</summary>
public sealed record CtrlCOutcome(bool Exited, int? ExitCode, TimeSpan Took, string LogAfterSignal)
{
    private static readonly string[] WarningMarks = [" warn: ", " fail: ", " crit: ", " WARN ", " ERROR "];

    /// <summary>Lines logged at warning level or above after the signal, by ASP.NET's console logger or the SDK's core (" WARN ").</summary>
    public IReadOnlyList<string> Warnings { get; } = [.. LogAfterSignal.Split('\n').Where(l => WarningMarks.Any(m => l.Contains(m, StringComparison.Ordinal)))];
}
