using System.Buffers;
using System.Buffers.Binary;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.Engine.Hosting;

/// <summary>
/// Makes every sizable gRPC request take its size from the node's <see cref="RequestByteBudget"/>
/// before gRPC reads it. The size is the 5-byte gRPC frame header's length, peeked without consuming
/// it. Requests under <see cref="FreeBelowBytes"/> pass freely (every poll and most completions),
/// and so does one over the message limit, which gRPC refuses from its header alone.
/// </summary>
internal static class GrpcRequestByteBudgetMiddleware
{
    /// <summary>Requests below this take nothing from the budget.</summary>
    public const int FreeBelowBytes = 64 * 1024;

    /// <summary>How long a request waits for room before it is answered RESOURCE_EXHAUSTED.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    private const int FrameHeaderBytes = 5;

    public static WebApplication UseGrpcRequestByteBudget(this WebApplication app)
    {
        var budget = app.Services.GetRequiredService<RequestByteBudget>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
            {
                await next(context).ConfigureAwait(false);
                return;
            }
            var length = await PeekMessageLengthAsync(context).ConfigureAwait(false);
            if (length < FreeBelowBytes || length > budget.Capacity)
            {
                await next(context).ConfigureAwait(false);
                return;
            }
            if (!await budget.TryTakeAsync(length, Wait, time, context.RequestAborted).ConfigureAwait(false))
            {
                RefuseBusy(context, length, budget.Capacity);
                return;
            }
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                budget.Give(length);
            }
        });
        return app;
    }

    /// <summary>The first message's length from its frame header; 0 when the body ends before one.</summary>
    private static async Task<long> PeekMessageLengthAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        var read = await reader.ReadAtLeastAsync(FrameHeaderBytes, context.RequestAborted).ConfigureAwait(false);
        var length = 0L;
        if (read.Buffer.Length >= FrameHeaderBytes)
        {
            Span<byte> header = stackalloc byte[FrameHeaderBytes];
            read.Buffer.Slice(0, FrameHeaderBytes).CopyTo(header);
            length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        }
        // Nothing consumed: gRPC reads the frame from the start.
        reader.AdvanceTo(read.Buffer.Start);
        return length;
    }

    /// <summary>A trailers-only gRPC answer: RESOURCE_EXHAUSTED, which the SDKs retry with backoff.</summary>
    private static void RefuseBusy(HttpContext context, long length, long capacity)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)Grpc.Core.StatusCode.ResourceExhausted).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(
            $"The server is reading {capacity / (1024 * 1024)} MiB of other requests; this {length}-byte request was not read. Retry shortly.");
    }
}
