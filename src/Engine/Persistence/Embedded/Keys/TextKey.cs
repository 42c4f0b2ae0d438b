namespace Fencepost.Engine.Persistence.Embedded.Keys;

/// <summary>A text primary key (namespace name, host id), ordered ordinally like PostgreSQL's C collation.</summary>
internal readonly record struct TextKey(string Value) : IComparable<TextKey>
{
    public int CompareTo(TextKey other)
    {
        return string.CompareOrdinal(Value, other.Value);
    }

    public override string ToString() => Value;
}
