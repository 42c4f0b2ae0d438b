using Grpc.Core;

namespace Fencepost.Engine.Frontend;

/// <summary>When a long poll answers with what it has: after its hold, or a second before the client's own deadline, whichever is first.</summary>
internal static class LongPollDeadline
{
    /// <summary>Temporal's history.longPollExpirationInterval, which also bounds how long an update call waits.</summary>
    public static readonly TimeSpan DefaultHold = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan ClientMargin = TimeSpan.FromSeconds(1);

    public static DateTimeOffset Of(ServerCallContext context, TimeSpan hold, TimeProvider timeProvider)
    {
        var deadline = timeProvider.GetUtcNow() + hold;
        if (context.Deadline != DateTime.MaxValue)
        {
            var client = new DateTimeOffset(context.Deadline, TimeSpan.Zero) - ClientMargin;
            if (client < deadline)
            {
                deadline = client;
            }
        }
        return deadline;
    }
}
