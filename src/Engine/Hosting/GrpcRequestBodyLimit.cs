using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;

namespace Fencepost.Engine.Hosting;

/// <summary>
/// Lets a gRPC request body be as large as the gRPC message limit. Kestrel's own request body
/// limit (30 MB by default, for every request of the process) would otherwise end any call larger
/// than that before gRPC sees it, answered UNKNOWN "Exception was thrown by handler", although
/// <see cref="FencepostEngineHostingExtensions.MaxReceiveMessageSize"/> is the limit that should
/// answer. Past that, gRPC answers RESOURCE_EXHAUSTED itself; the console's HTTP requests keep
/// Kestrel's limit.
/// </summary>
internal static class GrpcRequestBodyLimit
{
    /// <summary>One message and its 5-byte gRPC frame header, with room to spare.</summary>
    public const long MaxBodyBytes = FencepostEngineHostingExtensions.MaxReceiveMessageSize + 1024L;

    public static WebApplication UseGrpcRequestBodyLimit(this WebApplication app)
    {
        app.Use(static (context, next) =>
        {
            if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBodyBytes;
            }
            return next(context);
        });
        return app;
    }
}
