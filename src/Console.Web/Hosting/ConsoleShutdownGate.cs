namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>
/// Lets the console's long-lived connections go when the host starts stopping. An open console tab
/// holds a WebSocket (its Blazor circuit) that the web server waits for until its 30 s shutdown
/// timeout, so Ctrl+C with a browser open took half a minute. From the moment the host is stopping,
/// the open circuits and hubs are aborted and new console requests (the browser reconnecting) are
/// answered 503, so the server finds nothing left to wait for. gRPC calls pass untouched: the
/// frontend ends its own long polls.
/// </summary>
internal sealed class ConsoleShutdownGate(IHostApplicationLifetime lifetime)
{
    private readonly CancellationToken _stopping = lifetime.ApplicationStopping;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (IsGrpc(context))
        {
            await next(context);
            return;
        }
        if (_stopping.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.Connection = "close";
            return;
        }
        if (!IsLongLived(context))
        {
            await next(context);
            return;
        }
        // Registered for this request only and disposed before the request ends: disposing waits
        // for a running abort, so the context is never touched after the server has recycled it.
        // Registering on an already-cancelled token runs the abort at once.
        using (_stopping.Register(static state => ((HttpContext)state!).Abort(), context))
        {
            await next(context);
        }
    }

    private static bool IsGrpc(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    private static bool IsLongLived(HttpContext context) =>
        context.WebSockets.IsWebSocketRequest
        || context.Request.Path.StartsWithSegments("/_blazor", StringComparison.Ordinal)
        || context.Request.Path.StartsWithSegments(DynamicConfigHub.Path, StringComparison.Ordinal);
}
