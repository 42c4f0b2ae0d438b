using Fencepost.Engine.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Security;

/// <summary>
/// Who may read a node's <c>/cluster/state</c> (its members, ring and every shard's owner): with
/// neither auth nor a node secret configured, anyone who reaches the internal port, as before;
/// otherwise a peer with the node credential, or a caller whose bearer token (API key or JWT) holds
/// <c>system:admin</c>. Everyone else gets 401, or 403 with valid credentials that fall short.
/// </summary>
public static class ClusterStateAccess
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var status = await CheckAsync(context.HttpContext).ConfigureAwait(false);
        return status == StatusCodes.Status200OK ? await next(context).ConfigureAwait(false) : Results.StatusCode(status);
    }

    /// <summary>200 when the request may read the state, else 401 or 403.</summary>
    public static async ValueTask<int> CheckAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var services = http.RequestServices;
        var auth = services.GetRequiredService<IOptionsMonitor<FrontendAuthOptions>>().CurrentValue;
        if (!auth.Enabled && auth.NodeSecret is not { Length: > 0 })
        {
            return StatusCodes.Status200OK;
        }
        if (auth.NodeSecret is { Length: > 0 } secret
            && NodeCredential.IsValid(http.Request.Headers[NodeCredential.Header], secret, services.GetRequiredService<TimeProvider>().GetUtcNow()))
        {
            return StatusCodes.Status200OK;
        }
        if (!auth.Enabled || http.Request.Headers.Authorization.Count == 0)
        {
            return StatusCodes.Status401Unauthorized;
        }
        try
        {
            var caller = await services.GetRequiredService<CallerAuthenticator>().AuthenticateAsync(http.Request.Headers.Authorization).ConfigureAwait(false);
            return caller.Permissions.IsClusterAdmin ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden;
        }
        catch (ServiceErrorException)
        {
            return StatusCodes.Status401Unauthorized;
        }
    }
}
