using Fencepost.ConsoleWeb.Commands;
using Fencepost.Engine.Cluster;
using Fencepost.Engine.Hosting;
using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>The server the command line runs without a subcommand: engine, cluster node and console in one process.</summary>
public static class FencepostServer
{
    public static async Task<int> RunAsync(ServerArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        try
        {
            await using var app = Build(arguments);
            await app.RunAsync(cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            // Every problem on its own line, as for bad arguments, instead of an unhandled-exception dump.
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"fencepost: {failure}");
            }
            return FencepostCommandLine.BadArguments;
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            // A clear line instead of an unhandled-exception crash: the usual cause is a second copy running.
            await Console.Error.WriteLineAsync($"fencepost: {ex.Message} Stop the process using it, or choose other ports (--port for the console, --frontend-port for the Temporal frontend).");
            return 1;
        }
        return 0;
    }

    private static WebApplication Build(ServerArguments arguments)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. arguments.ConfigurationArgs],
            EnvironmentName = arguments.Environment,
        });
        QuietRequestLogging.AddDefaults(builder.Configuration);
        // Named options win over every other source, as a command line should.
        builder.Configuration.AddInMemoryCollection(arguments.Settings);
        // The engine first: the console reads its store and replaces its in-memory dynamic config.
        builder.AddFencepostEngine();
        // With a shared store (PostgreSQL/DSQL) this process is a cluster node; embedded stays one host.
        builder.AddFencepostCluster();
        builder.AddConsole();

        var app = builder.Build();
        app.MapConsole();
        app.MapFencepostEngine();
        app.MapFencepostMetrics();
        return app;
    }
}
