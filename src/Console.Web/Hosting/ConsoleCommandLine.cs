namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>The console's command-line switches and the configuration keys they set.</summary>
public static class ConsoleCommandLine
{
    public static IDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--store"] = "Fencepost:Store:Kind",
        ["--connection"] = "Fencepost:Store:ConnectionString",
        ["--port"] = "Fencepost:Console:Port",
    };
}
