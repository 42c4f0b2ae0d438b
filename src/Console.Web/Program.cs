using Fencepost.ConsoleWeb.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, ConsoleCommandLine.SwitchMappings);
builder.AddConsole();

var app = builder.Build();
app.MapConsole();
app.Run();

/// <summary>The console's entry point; public so tests can find its assembly.</summary>
public partial class Program;
