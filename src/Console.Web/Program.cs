using Fencepost.ConsoleWeb.Commands;
using Fencepost.ConsoleWeb.Hosting;
using Fencepost.Engine.Cluster;
using Fencepost.Engine.Hosting;

if (MigrateCommand.Matches(args))
{
    return await MigrateCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
}

if (Fencepost.Benchmarks.Command.BenchCommand.IsBenchCommand(args)) return await Fencepost.Benchmarks.Command.BenchCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
QuietRequestLogging.AddDefaults(builder.Configuration);
builder.Configuration.AddCommandLine(args, ConsoleCommandLine.SwitchMappings);
// The engine first: the console reads its store and replaces its in-memory dynamic config.
builder.AddFencepostEngine();
// With a shared store (PostgreSQL/DSQL) this process is a cluster node; embedded stays one host.
builder.AddFencepostCluster();
builder.AddConsole();

var app = builder.Build();
app.MapConsole();
app.MapFencepostEngine();
app.MapFencepostMetrics();
try
{
    await app.RunAsync();
}
catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // A clear line instead of an unhandled-exception crash: the usual cause is a second copy running.
    await Console.Error.WriteLineAsync($"fencepost: {ex.Message} Stop the process using it, or choose other ports (--port for the console, --Fencepost:Frontend:Port for the Temporal frontend).");
    return 1;
}
return 0;

/// <summary>The console's entry point; public so tests can find its assembly.</summary>
public partial class Program;
