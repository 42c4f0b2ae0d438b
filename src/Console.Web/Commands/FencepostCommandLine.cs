using System.CommandLine;
using Fencepost.Benchmarks.Cli;

namespace Fencepost.ConsoleWeb.Commands;

/// <summary>
/// The process's command line: without a subcommand it runs the server (console and engine); with
/// <c>bench</c> or <c>migrate</c> it runs that and exits. <c>--help</c> prints every option with
/// its default at each level. Bad arguments print one line per problem, naming the option, and exit 2.
/// </summary>
public static class FencepostCommandLine
{
    public const int BadArguments = 2;

    public static async Task<int> InvokeAsync(string[] args, Func<ServerArguments, CancellationToken, Task<int>> runServer, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(runServer);
        var server = new ServerCommandLine();
        var root = new RootCommand("Fencepost: a Temporal-compatible workflow server built for Aurora DSQL, with its ops console. "
            + "Without a command it serves the console (http://localhost:8080) and the Temporal frontend (127.0.0.1:7233). "
            + "Any other setting is written --Section:Key value, for example --Fencepost:Console:ReadOnly true.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in server.Options)
        {
            root.Options.Add(option);
        }
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(Fencepost.Benchmarks.Visibility.VisibilityBenchCommand.Create());
        root.Subcommands.Add(Fencepost.Benchmarks.Hostile.HostileBenchCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create(output, error));
        root.SetAction((parseResult, cancellationToken) => runServer(server.Read(parseResult, parseResult.UnmatchedTokens), cancellationToken));

        var parsed = root.Parse(args);
        var problems = parsed.Errors.Select(e => e.Message).ToList();
        if (parsed.CommandResult.Command == root)
        {
            problems.AddRange(ConfigurationTokens.Problems(parsed.UnmatchedTokens));
        }
        else
        {
            // The root lets unmatched words through as settings; a subcommand has no such settings.
            problems.AddRange(parsed.UnmatchedTokens.Select(t => $"Unrecognized command or argument '{t}'."));
        }
        if (problems.Count > 0)
        {
            var command = parsed.CommandResult.Command == root ? "" : parsed.CommandResult.Command.Name + " ";
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"fencepost: {command}{problem}").ConfigureAwait(false);
            }
            await error.WriteLineAsync($"Run with {command}--help to see every option and its default.").ConfigureAwait(false);
            return BadArguments;
        }
        // The server and bench handle Ctrl+C themselves (an orderly stop); the parser must not cut them short.
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }
}
