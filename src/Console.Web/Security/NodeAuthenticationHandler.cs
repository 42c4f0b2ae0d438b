using System.Security.Claims;
using System.Text.Encodings.Web;
using Fencepost.Engine.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>
/// Authenticates a peer node by the cluster's node credential (sent as a bearer token, which the
/// SignalR client renews on every reconnect), so peers may subscribe to the config hub while
/// anonymous clients may not. Without a configured node secret no caller is a node.
/// </summary>
internal sealed class NodeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<FrontendAuthOptions> auth,
    TimeProvider timeProvider) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "FencepostNode";
    public const string NodeRole = "node";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (auth.CurrentValue.NodeSecret is not { Length: > 0 } secret || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!NodeCredential.IsValid(header[7..], secret, timeProvider.GetUtcNow()))
        {
            return Task.FromResult(AuthenticateResult.Fail("Not a valid node credential."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "node"), new Claim(ClaimTypes.Role, NodeRole)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
