using System.Globalization;
using System.Text;
using System.Text.Json;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Visibility;
using Google.Protobuf;
using Temporalio.Api.Common.V1;

namespace Fencepost.Engine.Search;

/// <summary>
/// Reads a run's search attributes (JSON payloads, as every SDK encodes them): the typed values the
/// visibility store indexes, the check of a value against its attribute's type, and the type
/// metadata added on the way out for attributes whose payload came without one.
/// </summary>
internal static class SearchAttributeValues
{
    private const string TypeKey = "type";

    /// <summary>The values to index for a run's serialized search attributes (null when it has none).</summary>
    public static IReadOnlyList<SearchAttributeValue>? Index(byte[]? serialized)
    {
        if (serialized is null)
        {
            return null;
        }
        var values = new List<SearchAttributeValue>();
        var attributes = SearchAttributes.Parser.ParseFrom(serialized);
        foreach (var (name, payload) in attributes.IndexedFields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!TryParse(payload, out var json))
            {
                continue;
            }
            if (json.ValueKind == JsonValueKind.Array)
            {
                var ordinal = 0;
                foreach (var element in json.EnumerateArray())
                {
                    AddValue(values, name, ordinal++, element);
                }
            }
            else
            {
                AddValue(values, name, 0, json);
            }
        }
        // Validation keeps a run within the limit; older runs are indexed as far as it goes.
        return values.Count > SearchAttributeValue.MaxPerRun ? values[..SearchAttributeValue.MaxPerRun] : values;
    }

    /// <summary>
    /// Why <paramref name="attributes"/> cannot be stored, or null: a value of a registered (or
    /// system) attribute that does not fit its type, or more values than a run may hold.
    /// Attributes that are not registered are kept as given (never refused), as before registration existed.
    /// </summary>
    public static string? Problem(SearchAttributes? attributes, NamespaceEntry ns)
    {
        if (attributes is null)
        {
            return null;
        }
        var count = 0;
        foreach (var (name, payload) in attributes.IndexedFields)
        {
            var parsed = TryParse(payload, out var json);
            count += parsed && json.ValueKind == JsonValueKind.Array ? json.GetArrayLength() : 1;
            if (!parsed || TypeOf(name, ns) is not { } type)
            {
                continue;
            }
            if (Misfit(type, json) is { } problem)
            {
                return $"Invalid value for search attribute {name} of type {type}: {problem}";
            }
        }
        return count > SearchAttributeValue.MaxPerRun
            ? $"A run holds at most {SearchAttributeValue.MaxPerRun} search attribute values (each KeywordList element counts); these hold {count}."
            : null;
    }

    /// <summary>The registered or system type of <paramref name="name"/>, or null for an unregistered attribute.</summary>
    public static SearchAttributeType? TypeOf(string name, NamespaceEntry ns) =>
        ns.CustomSearchAttributes.TryGetValue(name, out var custom) ? custom
        : SearchAttributeCatalog.Predefined.TryGetValue(name, out var predefined) ? predefined
        : null;

    /// <summary>Every search attribute a query may filter on in <paramref name="ns"/>, by type.</summary>
    public static IReadOnlyDictionary<string, SearchAttributeType> Queryable(NamespaceEntry ns)
    {
        var all = new Dictionary<string, SearchAttributeType>(SearchAttributeCatalog.Predefined, StringComparer.Ordinal);
        foreach (var (name, type) in ns.CustomSearchAttributes)
        {
            all[name] = type;
        }
        return all;
    }

    /// <summary>
    /// Adds the "type" metadata to each value that has none, as Temporal's server does from its
    /// registry, so SDKs read them as typed search attributes: the registered (or system) type, or
    /// for an attribute that is not registered the type its JSON value has (a string is a Keyword,
    /// a list a KeywordList). Temporal never returns an untyped one, and the .NET SDK refuses to
    /// read a collection that holds one.
    /// </summary>
    public static void StampTypes(SearchAttributes? attributes, NamespaceEntry ns)
    {
        if (attributes is null)
        {
            return;
        }
        foreach (var (name, payload) in attributes.IndexedFields)
        {
            if (!payload.Metadata.ContainsKey(TypeKey) && (TypeOf(name, ns) ?? Inferred(payload)) is { } type)
            {
                payload.Metadata[TypeKey] = ByteString.CopyFromUtf8(type.ToString());
            }
        }
    }

    private static SearchAttributeType? Inferred(Payload payload) => !TryParse(payload, out var json) ? null : json.ValueKind switch
    {
        JsonValueKind.String => SearchAttributeType.Keyword,
        JsonValueKind.Number => json.TryGetInt64(out _) ? SearchAttributeType.Int : SearchAttributeType.Double,
        JsonValueKind.True or JsonValueKind.False => SearchAttributeType.Bool,
        JsonValueKind.Array => SearchAttributeType.KeywordList,
        _ => null,
    };

    private static bool TryParse(Payload payload, out JsonElement json)
    {
        json = default;
        if (payload.Data.IsEmpty || (payload.Metadata.TryGetValue("encoding", out var encoding) && encoding.ToStringUtf8() != "json/plain"))
        {
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(payload.Data.Memory);
            json = document.RootElement.Clone();
            return json.ValueKind != JsonValueKind.Null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Misfit(SearchAttributeType type, JsonElement json) => type switch
    {
        SearchAttributeType.Keyword => json.ValueKind != JsonValueKind.String ? $"expected a string, got {Describe(json)}."
            : TooLong(json.GetString()!),
        SearchAttributeType.Text => json.ValueKind != JsonValueKind.String ? $"expected a string, got {Describe(json)}." : null,
        SearchAttributeType.Int => json.ValueKind != JsonValueKind.Number || !json.TryGetInt64(out _) ? $"expected a 64-bit integer, got {Describe(json)}." : null,
        SearchAttributeType.Double => json.ValueKind != JsonValueKind.Number ? $"expected a number, got {Describe(json)}." : null,
        SearchAttributeType.Bool => json.ValueKind is not (JsonValueKind.True or JsonValueKind.False) ? $"expected true or false, got {Describe(json)}." : null,
        SearchAttributeType.Datetime => json.ValueKind != JsonValueKind.String || ParseTime(json.GetString()!) is null
            ? $"expected an RFC 3339 time such as \"2024-01-02T15:04:05Z\", got {Describe(json)}." : null,
        _ => json.ValueKind switch
        {
            JsonValueKind.String => TooLong(json.GetString()!),
            JsonValueKind.Array => json.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? TooLong(e.GetString()!) : $"expected a list of strings, got an element {Describe(e)}.")
                .FirstOrDefault(p => p is not null),
            _ => $"expected a list of strings, got {Describe(json)}.",
        },
    };

    private static string? TooLong(string keyword) => Encoding.UTF8.GetByteCount(keyword) > SearchAttributeValue.MaxKeywordBytes
        ? $"a keyword holds at most {SearchAttributeValue.MaxKeywordBytes} bytes of UTF-8; this one has {Encoding.UTF8.GetByteCount(keyword)} (use a Text attribute for longer strings)."
        : null;

    private static string Describe(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {json.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => "a bool",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => json.ValueKind.ToString().ToLowerInvariant(),
    };

    private static void AddValue(List<SearchAttributeValue> values, string name, int ordinal, JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                var text = json.GetString()!;
                var keyword = Encoding.UTF8.GetByteCount(text) <= SearchAttributeValue.MaxKeywordBytes;
                values.Add(new SearchAttributeValue(name, ordinal, keyword ? text : null, keyword ? null : text, null, null, ParseTime(text)));
                break;
            case JsonValueKind.Number:
                values.Add(new SearchAttributeValue(name, ordinal, null, null, json.TryGetInt64(out var integer) ? integer : null, json.GetDouble(), null));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                values.Add(new SearchAttributeValue(name, ordinal, null, null, json.GetBoolean() ? 1 : 0, null, null));
                break;
        }
    }

    /// <summary>An RFC 3339 time (a date and a time of day), truncated to the microsecond as the stores keep times.</summary>
    private static DateTimeOffset? ParseTime(string text)
    {
        if (text.Length < 19 || text[4] != '-' || !(text[10] is 'T' or 't' or ' ')
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return null;
        }
        return new DateTimeOffset(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);
    }
}
