using System.Diagnostics;
using System.Text;

namespace Fencepost.Engine.TypeScriptSdk.Tests;

/// <summary>Runs node (or another tool) to the end, with its output kept, and kills it whole when it overruns.</summary>
public static class NodeProcess
{
    /// <summary>The exit code reported for a process killed because it overran its time.</summary>
    public const int Killed = -1;

    public sealed record Outcome(int ExitCode, string Output);

    public static async Task<Outcome> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node was not found on PATH: the TypeScript SDK tests need Node 20 and npm (eng/test.sh installs the npm packages).", ex);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var overrun = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(overrun.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(output, $"[killed: node {string.Join(' ', arguments)} ran longer than {timeout}]");
            return new Outcome(Killed, Snapshot(output));
        }
        // WaitForExitAsync returns once the output streams are drained too.
        return new Outcome(process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
