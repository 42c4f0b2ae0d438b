namespace Fencepost.Engine.Persistence.Model;

/// <summary>
/// One indexed value of a run's search attribute (a KeywordList has one per element, numbered by
/// <see cref="Ordinal"/>), typed the ways a query may read it: <see cref="Keyword"/> for a string of
/// at most <see cref="MaxKeywordBytes"/> bytes, <see cref="Text"/> for a longer one, <see cref="Time"/>
/// for a string that is an RFC 3339 time, <see cref="Int"/> for an integer (and a bool, as 1 or 0),
/// <see cref="Double"/> for any number. Stored beside the run's visibility row so filters on custom
/// search attributes use an index (PostgreSQL: executions_search_attributes).
/// </summary>
public sealed record SearchAttributeValue(string Name, int Ordinal, string? Keyword, string? Text, long? Int, double? Double, DateTimeOffset? Time)
{
    /// <summary>The longest string (UTF-8 bytes) kept as a keyword: an index key on DSQL holds at most 1 KiB.</summary>
    public const int MaxKeywordBytes = 255;

    /// <summary>The most values a run's search attributes are indexed with (each KeywordList element counts).</summary>
    public const int MaxPerRun = 200;

    /// <summary>The string value, whichever column holds it.</summary>
    public string? String => Keyword ?? Text;
}
