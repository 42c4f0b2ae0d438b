using Fencepost.ConsoleWeb.Commands;
using Fencepost.ConsoleWeb.Hosting;
using Fencepost.Engine.Cluster;
using Fencepost.Engine.Hosting;

if (MigrateCommand.Matches(args))
{
    return await MigrateCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
}

if (Fencepost.ConsoleWeb.Benchmarking.BenchCommand.IsBenchCommand(args)) return await Fencepost.ConsoleWeb.Benchmarking.BenchCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
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
await app.RunAsync();
return 0;

/// <summary>The console's entry point; public so tests can find its assembly.</summary>
public partial class Program;
