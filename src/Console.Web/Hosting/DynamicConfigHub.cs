using Fencepost.ConsoleWeb.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>
/// Tells peer nodes that dynamic config changed here. The message names only the key: a peer
/// re-reads the values from the store, which stays the one source of truth.
/// </summary>
/// <remarks>Only a signed-in console user or a peer node holding the cluster's node secret may subscribe.</remarks>
[Authorize(AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme + "," + NodeAuthenticationHandler.SchemeName)]
public sealed class DynamicConfigHub : Hub
{
    public const string Path = "/hubs/dynamic-config";
    public const string ChangedMethod = "ConfigChanged";
}
