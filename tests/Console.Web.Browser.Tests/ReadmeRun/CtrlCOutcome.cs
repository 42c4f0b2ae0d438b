namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>What happened after Ctrl+C: whether the process exited within the bound, how, how long it took, and what it printed meanwhile.</summary>
public sealed record CtrlCOutcome(bool Exited, int? ExitCode, TimeSpan Took, string LogAfterSignal)
{
    /// <summary>Lines the console logger wrote at warning level or above after the signal.</summary>
    public IReadOnlyList<string> Warnings { get; } = [.. LogAfterSignal.Split('\n').Where(l => l.Contains(" warn: ", StringComparison.Ordinal)
        || l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal))];
}
