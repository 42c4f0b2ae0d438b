using Microsoft.AspNetCore.SignalR;

namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>
/// Tells peer nodes that dynamic config changed here. The message names only the key: a peer
/// re-reads the values from the store, which stays the one source of truth.
/// </summary>
public sealed class DynamicConfigHub : Hub
{
    public const string Path = "/hubs/dynamic-config";
    public const string ChangedMethod = "ConfigChanged";
}
