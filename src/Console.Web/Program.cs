using Fencepost.ConsoleWeb.Commands;
using Fencepost.ConsoleWeb.Hosting;

return await FencepostCommandLine.InvokeAsync(args, FencepostServer.RunAsync, Console.Out, Console.Error);

/// <summary>The console's entry point; public so tests can find its assembly.</summary>
public partial class Program;
