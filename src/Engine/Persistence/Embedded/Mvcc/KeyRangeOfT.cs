namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

/// <summary>A key interval for range scans; a null bound is open on that side. Build one with <see cref="KeyRange"/>.</summary>
public readonly record struct KeyRange<TKey>(TKey? Lower, bool LowerInclusive, TKey? Upper, bool UpperInclusive)
    where TKey : struct, IComparable<TKey>
{
    public bool Contains(TKey key)
    {
        if (Lower is { } lower)
        {
            var c = key.CompareTo(lower);
            if (c < 0 || (c == 0 && !LowerInclusive))
            {
                return false;
            }
        }
        if (Upper is { } upper)
        {
            var c = key.CompareTo(upper);
            if (c > 0 || (c == 0 && !UpperInclusive))
            {
                return false;
            }
        }
        return true;
    }
}
