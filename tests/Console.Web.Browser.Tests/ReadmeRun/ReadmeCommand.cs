using System.Diagnostics;

namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>Runs <c>dotnet run --project src/Console.Web -- args</c> from the repository root to completion, as the README writes it.</summary>
public static class ReadmeCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ConsoleAppFixture.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["run", "--project", "src/Console.Web", "-c", "Release", "--no-build", "--", .. args])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
