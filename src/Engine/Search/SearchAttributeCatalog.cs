using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Fencepost.Engine.Persistence.Visibility;
using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.Search;

/// <summary>
/// The search attributes every namespace has (Temporal's system ones), the naming rules for custom
/// ones and how many of each type a namespace may register. Custom attributes are stored as
/// Temporal's SQL visibility stores them: the namespace config's custom_search_attribute_aliases
/// maps a pre-allocated field (Keyword01 ... Keyword10, Int01 ..., one set per type) to the name
/// users give it, so DescribeNamespace shows them as Temporal does and the field gives the type.
/// </summary>
internal static partial class SearchAttributeCatalog
{
    /// <summary>How many custom search attributes of each type a namespace may register.</summary>
    public const int MaxPerType = 10;

    /// <summary>The longest custom search attribute name, in characters.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The built-in visibility columns, listed as Temporal lists them (each is queryable).</summary>
    public static FrozenDictionary<string, SearchAttributeType> Columns { get; } = new Dictionary<string, SearchAttributeType>(StringComparer.Ordinal)
    {
        ["WorkflowId"] = SearchAttributeType.Keyword,
        ["RunId"] = SearchAttributeType.Keyword,
        ["WorkflowType"] = SearchAttributeType.Keyword,
        ["TaskQueue"] = SearchAttributeType.Keyword,
        ["ExecutionStatus"] = SearchAttributeType.Keyword,
        ["StartTime"] = SearchAttributeType.Datetime,
        ["CloseTime"] = SearchAttributeType.Datetime,
        ["ExecutionTime"] = SearchAttributeType.Datetime,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Temporal's system search attributes that SDKs and schedules set in a run's search attributes; queryable without registration.</summary>
    public static FrozenDictionary<string, SearchAttributeType> Predefined { get; } = new Dictionary<string, SearchAttributeType>(StringComparer.Ordinal)
    {
        ["TemporalChangeVersion"] = SearchAttributeType.KeywordList,
        ["BuildIds"] = SearchAttributeType.KeywordList,
        ["BinaryChecksums"] = SearchAttributeType.KeywordList,
        ["TemporalScheduledById"] = SearchAttributeType.Keyword,
        ["TemporalScheduledStartTime"] = SearchAttributeType.Datetime,
        ["TemporalSchedulePaused"] = SearchAttributeType.Bool,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every system search attribute (columns and predefined), for ListSearchAttributes and GetSearchAttributes.</summary>
    public static IEnumerable<KeyValuePair<string, SearchAttributeType>> System => Columns.Concat(Predefined);

    /// <summary>Why <paramref name="name"/> cannot name a custom search attribute, or null when it can.</summary>
    public static string? NameProblem(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "A search attribute name is empty.";
        }
        if (Columns.ContainsKey(name) || Predefined.ContainsKey(name) || name.StartsWith("Temporal", StringComparison.OrdinalIgnoreCase)
            || Enum.TryParse<VisibilityField>(name, ignoreCase: true, out _))
        {
            return $"Search attribute {name} is reserved by system.";
        }
        if (name.Length > MaxNameLength || !NamePattern().IsMatch(name))
        {
            return $"Search attribute name '{name}' is not valid: use up to {MaxNameLength} letters, digits and underscores, starting with a letter or an underscore.";
        }
        return null;
    }

    /// <summary>The type of a pre-allocated field (Keyword03 is a Keyword), or null for a name that is not one.</summary>
    public static SearchAttributeType? TypeOfField(string field)
    {
        var digits = field.Length - 2;
        if (digits < 1 || !int.TryParse(field.AsSpan(digits), NumberStyles.None, CultureInfo.InvariantCulture, out var slot) || slot is < 1 or > MaxPerType)
        {
            return null;
        }
        return Enum.TryParse<SearchAttributeType>(field[..digits], ignoreCase: false, out var type) && Enum.IsDefined(type) ? type : null;
    }

    /// <summary>The pre-allocated field for slot <paramref name="slot"/> (1-based) of <paramref name="type"/>.</summary>
    public static string Field(SearchAttributeType type, int slot) => string.Create(CultureInfo.InvariantCulture, $"{type}{slot:00}");

    public static IndexedValueType ToProto(SearchAttributeType type) => (IndexedValueType)(int)type;

    public static SearchAttributeType? FromProto(IndexedValueType type) =>
        type != IndexedValueType.Unspecified && Enum.IsDefined((SearchAttributeType)(int)type) ? (SearchAttributeType)(int)type : null;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();
}
