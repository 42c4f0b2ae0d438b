using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fencepost.Engine.Hosting;

/// <summary>
/// Keeps each listener to its own endpoints. ASP.NET Core routes are global, so without this the
/// console's pages, sign-in, hub and <c>/metrics</c> would also answer HTTP/2 requests on the SDK
/// port and the peers' port. The health probes are the exception: every listener answers them. A listener is marked when it is opened (a connection item, which a
/// request's Host header cannot fake), and the first middleware answers 404 to any request the
/// listener does not serve.
/// </summary>
public static class ListenerRoutes
{
    private const string ItemKey = "fencepost.listener";

    /// <summary>Marks connections accepted on <paramref name="listen"/> as <paramref name="kind"/>.</summary>
    public static void Mark(ListenOptions listen, ListenerKind kind)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Use(next => connection =>
        {
            connection.Items[ItemKey] = kind;
            return next(connection);
        });
    }

    /// <summary>Whether a request that arrived on a listener of <paramref name="kind"/> is one it serves.</summary>
    public static bool Serves(ListenerKind kind, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        // The probes answer everywhere: an engine-only host (no HTTP/1.1 port) still needs them.
        if (request.Path.Equals(Health.EngineHealthChecks.LivenessPath, StringComparison.Ordinal)
            || request.Path.Equals(Health.EngineHealthChecks.ReadinessPath, StringComparison.Ordinal))
        {
            return true;
        }
        return kind == ListenerKind.Internal && request.Path.Equals(Cluster.ClusterHostingExtensions.ClusterStatePath, StringComparison.Ordinal);
    }

    internal static async Task FilterAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var value) == true
            && value is ListenerKind kind && !Serves(kind, context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await next(context).ConfigureAwait(false);
    }
}
