using Microsoft.Extensions.Configuration.Memory;

namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>
/// Default log levels for the process. Without them ASP.NET Core logs two Information lines per
/// request, and every SDK poll and completion is a request: thousands of lines a second under load,
/// costing more CPU than some engine stages. Npgsql logs every command it executes at Information
/// (category Npgsql.Command): hundreds of lines a minute from an idle PostgreSQL/DSQL node, from
/// membership heartbeats and queue polls alone. Operators still raise any category through the usual
/// configuration (appsettings, <c>Logging__LogLevel__Microsoft.AspNetCore=Information</c>), which
/// takes precedence because these defaults are the lowest-priority source.
/// </summary>
public static class QuietRequestLogging
{
    public static void AddDefaults(ConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Grpc"] = "Warning",
                ["Logging:LogLevel:Npgsql"] = "Warning",
            },
        });
    }
}
