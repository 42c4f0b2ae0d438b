namespace Fencepost.Engine.TypeScriptSdk.Tests;

/// <summary>
/// One line of the TypeScript reporter (src/reporter.ts): a case of a suite, or the suite itself
/// when <see cref="Test"/> is null. <see cref="Status"/> is pass, fail, skip or todo.
/// </summary>
public sealed record TypeScriptCaseResult(string Suite, string? Test, string Status, long DurationMs, string? Error)
{
    public bool Failed => Status == "fail";

    public override string ToString() =>
        $"{Status.ToUpperInvariant(),-4} {Test ?? "(suite)"} ({DurationMs} ms){(Error is null ? "" : "\n" + Indent(Error))}";

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(line => "       " + line));
}
