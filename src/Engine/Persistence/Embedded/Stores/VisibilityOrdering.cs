using System.Buffers.Binary;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Visibility;

namespace Fencepost.Engine.Persistence.Embedded.Stores;

/// <summary>
/// The order of a visibility listing (a time field ascending or descending, runs without that time
/// last in both directions, ties by run id ascending) and its keyset page token: the position of the
/// last row returned, so new runs inserted meanwhile neither shift nor repeat rows.
/// </summary>
internal sealed class VisibilityOrdering : IComparer<VisibilityRecord>
{
    private const byte TokenVersion = 1;
    private const int TokenLength = 4 + sizeof(long) + 16;

    private VisibilityOrdering(VisibilityOrder order) => Order = order;

    public VisibilityOrder Order { get; }

    public static VisibilityOrdering For(VisibilityQuery query)
    {
        var order = query.OrderBy ?? new VisibilityOrder(VisibilityField.StartTime, Descending: true);
        if (order.Field is not (VisibilityField.StartTime or VisibilityField.CloseTime or VisibilityField.ExecutionTime))
        {
            throw new InvalidPersistenceRequestException($"Listings can be ordered by StartTime, CloseTime or ExecutionTime, not {order.Field}.");
        }
        return new VisibilityOrdering(order);
    }

    public int Compare(VisibilityRecord? x, VisibilityRecord? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var byTime = CompareTimes(TimeOf(x), TimeOf(y));
        return byTime != 0 ? byTime : x.RunId.CompareTo(y.RunId);
    }

    /// <summary>True when <paramref name="record"/> comes after <paramref name="position"/> (from a page token).</summary>
    public bool IsAfter(VisibilityRecord record, (DateTimeOffset? Time, Guid RunId) position)
    {
        var byTime = CompareTimes(TimeOf(record), position.Time);
        return byTime > 0 || (byTime == 0 && record.RunId.CompareTo(position.RunId) > 0);
    }

    public byte[] EncodeToken(VisibilityRecord last)
    {
        var token = new byte[TokenLength];
        token[0] = TokenVersion;
        token[1] = (byte)Order.Field;
        token[2] = Order.Descending ? (byte)1 : (byte)0;
        var time = TimeOf(last);
        token[3] = time is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(4), time?.UtcTicks ?? 0);
        last.RunId.TryWriteBytes(token.AsSpan(4 + sizeof(long)));
        return token;
    }

    public (DateTimeOffset? Time, Guid RunId) DecodeToken(byte[] token)
    {
        if (token.Length != TokenLength || token[0] != TokenVersion)
        {
            throw new InvalidPersistenceRequestException("The visibility page token is not one this store issued.");
        }
        if (token[1] != (byte)Order.Field || token[2] != (Order.Descending ? 1 : 0))
        {
            throw new InvalidPersistenceRequestException("The visibility page token belongs to a listing with another order; start again without a token.");
        }
        DateTimeOffset? time = token[3] == 0 ? null : new DateTimeOffset(BinaryPrimitives.ReadInt64BigEndian(token.AsSpan(4)), TimeSpan.Zero);
        return (time, new Guid(token.AsSpan(4 + sizeof(long), 16)));
    }

    private DateTimeOffset? TimeOf(VisibilityRecord record) => Order.Field switch
    {
        VisibilityField.StartTime => record.StartTime,
        VisibilityField.CloseTime => record.CloseTime,
        _ => record.ExecutionTime,
    };

    private int CompareTimes(DateTimeOffset? x, DateTimeOffset? y)
    {
        if (x is null || y is null)
        {
            // Missing times sort last whichever the direction.
            return x is null ? (y is null ? 0 : 1) : -1;
        }
        var order = x.Value.CompareTo(y.Value);
        return Order.Descending ? -order : order;
    }
}
