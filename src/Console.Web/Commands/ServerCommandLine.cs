using System.CommandLine;
using System.Globalization;
using Fencepost.CommandLine;
using Fencepost.ConsoleWeb.Configuration;
using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Hosting;

namespace Fencepost.ConsoleWeb.Commands;

/// <summary>
/// The server's own options (running without a subcommand) and the configuration key each sets.
/// Defaults are read from the options classes themselves, so <c>--help</c> cannot drift from what the
/// server does. Any other setting is given as <c>--Section:Key value</c>, as ASP.NET reads it.
/// </summary>
internal sealed class ServerCommandLine
{
    private static readonly FencepostOptions EngineDefaults = new();
    private static readonly ConsoleOptions ConsoleDefaults = new();

    private readonly List<(Option Option, string Key)> _settings = [];
    private readonly Option<string> _environment = CommandLineOptions.Text("--environment", "the ASP.NET Core environment", "Production");

    public ServerCommandLine()
    {
        Add(CommandLineOptions.OneOf("--store", "embedded: an in-memory emulator of DSQL, nothing kept; postgres: PostgreSQL or Aurora DSQL, this process a cluster node",
            EngineDefaults.Store.Kind, "embedded", "postgres"), "Fencepost:Store:Kind");
        Add(CommandLineOptions.Text("--connection", "Npgsql connection string (required with --store postgres)"), "Fencepost:Store:ConnectionString");
        Add(CommandLineOptions.OneOf("--target", "the SQL dialect of --store postgres", EngineDefaults.Store.Target, "PostgreSql", "Dsql"), "Fencepost:Store:Target");
        Add(CommandLineOptions.Port("--port", "the console's HTTP port", ConsoleDefaults.Port), "Fencepost:Console:Port");
        Add(CommandLineOptions.Text("--address", "the console's listen address (localhost, or an IP address such as 0.0.0.0)", ConsoleDefaults.Address), "Fencepost:Console:Address");
        Add(CommandLineOptions.Port("--frontend-port", "the Temporal frontend's gRPC port", EngineDefaults.Frontend.Port), "Fencepost:Frontend:Port");
        Add(CommandLineOptions.Text("--frontend-address", "the Temporal frontend's listen address", EngineDefaults.Frontend.Address), "Fencepost:Frontend:Address");
        Add(CommandLineOptions.Integer("--shards", "history shards of a fresh cluster (the stored count wins afterwards)", EngineDefaults.History.ShardCount, 1, 16_384),
            "Fencepost:History:ShardCount");
        Add(CommandLineOptions.Text("--roles", "this node's roles, comma-separated, with a shared store", new NodeOptions().Roles), "Fencepost:Node:Roles");
    }

    public IEnumerable<Option> Options => [.. _settings.Select(s => s.Option), _environment];

    /// <summary>The settings and environment the user gave; the unmatched tokens must already have been checked.</summary>
    public ServerArguments Read(ParseResult parseResult, IReadOnlyList<string> configurationArgs)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (option, key) in _settings.Where(s => parseResult.IsGiven(s.Option)))
        {
            settings[key] = Convert.ToString(parseResult.GetResult(option)!.GetValueOrDefault<object>(), CultureInfo.InvariantCulture);
        }
        return new ServerArguments(settings, configurationArgs, parseResult.IsGiven(_environment) ? parseResult.GetValue(_environment) : null);
    }

    private void Add(Option option, string key) => _settings.Add((option, key));
}
