using System.Collections.Concurrent;

namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>
/// Lets the console's long-lived connections go when the host starts stopping. An open console tab
/// holds a WebSocket (its Blazor circuit) that the web server waits for until its 30 s shutdown
/// timeout, so Ctrl+C with a browser open took half a minute. From the moment the host is stopping,
/// the open circuits and hubs are aborted and new console requests (the browser reconnecting) are
/// answered 503, so the server finds nothing left to wait for. gRPC calls pass untouched: the
/// frontend ends its own long polls.
/// </summary>
internal sealed class ConsoleShutdownGate : IDisposable
{
    private readonly ConcurrentDictionary<HttpContext, byte> _open = new();
    private readonly CancellationToken _stopping;
    private readonly CancellationTokenRegistration _registration;

    public ConsoleShutdownGate(IHostApplicationLifetime lifetime)
    {
        _stopping = lifetime.ApplicationStopping;
        _registration = _stopping.Register(AbortOpen);
    }

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
        _open.TryAdd(context, 0);
        try
        {
            // Stopping may have begun between the check above and the registration.
            if (_stopping.IsCancellationRequested)
            {
                context.Abort();
                return;
            }
            await next(context);
        }
        finally
        {
            _open.TryRemove(context, out _);
        }
    }

    public void Dispose() => _registration.Dispose();

    private void AbortOpen()
    {
        foreach (var context in _open.Keys)
        {
            context.Abort();
        }
    }

    private static bool IsGrpc(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    private static bool IsLongLived(HttpContext context) =>
        context.WebSockets.IsWebSocketRequest
        || context.Request.Path.StartsWithSegments("/_blazor", StringComparison.Ordinal)
        || context.Request.Path.StartsWithSegments(DynamicConfigHub.Path, StringComparison.Ordinal);
}
