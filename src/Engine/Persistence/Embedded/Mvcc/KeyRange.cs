namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

/// <summary>Builds <see cref="KeyRange{TKey}"/> values.</summary>
public static class KeyRange
{
    /// <summary>Every key.</summary>
    public static KeyRange<TKey> All<TKey>()
        where TKey : struct, IComparable<TKey> => new(null, true, null, true);

    /// <summary>lower &lt;= key &lt;= upper.</summary>
    public static KeyRange<TKey> Closed<TKey>(TKey lower, TKey upper)
        where TKey : struct, IComparable<TKey> => new(lower, true, upper, true);

    /// <summary>lower &lt; key &lt;= upper.</summary>
    public static KeyRange<TKey> OpenClosed<TKey>(TKey lower, TKey upper)
        where TKey : struct, IComparable<TKey> => new(lower, false, upper, true);

    /// <summary>lower &lt;= key &lt; upper.</summary>
    public static KeyRange<TKey> ClosedOpen<TKey>(TKey lower, TKey upper)
        where TKey : struct, IComparable<TKey> => new(lower, true, upper, false);
}
