using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Visibility;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>
/// Where a visibility page ended: the order it was listed in, the last row's order time (null for a
/// missing CloseTime) and run id. Opaque bytes to callers; a token for another order is refused.
/// </summary>
internal readonly record struct VisibilityPageToken(VisibilityField Field, bool Descending, DateTimeOffset? Time, Guid RunId)
{
    private const byte Version = 1;
    private const int Length = 1 + 1 + 1 + 1 + 8 + 16;

    public byte[] Encode()
    {
        var bytes = new byte[Length];
        bytes[0] = Version;
        bytes[1] = (byte)Field;
        bytes[2] = Descending ? (byte)1 : (byte)0;
        bytes[3] = Time is null ? (byte)0 : (byte)1;
        BitConverter.TryWriteBytes(bytes.AsSpan(4, 8), Time?.UtcTicks ?? 0);
        RunId.TryWriteBytes(bytes.AsSpan(12, 16));
        return bytes;
    }

    public static VisibilityPageToken Decode(byte[] bytes, VisibilityOrder order)
    {
        if (bytes.Length != Length || bytes[0] != Version || bytes[1] != (byte)order.Field || bytes[2] != (order.Descending ? 1 : 0) || bytes[3] > 1)
        {
            throw new InvalidPersistenceRequestException("The visibility page token is not one this store issued for this query's order.");
        }
        var ticks = BitConverter.ToInt64(bytes, 4);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new InvalidPersistenceRequestException("The visibility page token is damaged.");
        }
        DateTimeOffset? time = bytes[3] == 1 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        return new VisibilityPageToken(order.Field, order.Descending, time, new Guid(bytes.AsSpan(12, 16)));
    }
}
