using System.Text;
using Temporalio.Api.Common.V1;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>A run's search attributes as the workflow list shows them: "Name = value", the value as the JSON the SDK stored.</summary>
public static class SearchAttributeText
{
    /// <summary>The longest value shown before it is cut with an ellipsis.</summary>
    public const int MaxValueLength = 80;

    public static IReadOnlyList<string> Lines(byte[]? serialized)
    {
        if (serialized is null || serialized.Length == 0)
        {
            return [];
        }
        SearchAttributes attributes;
        try
        {
            attributes = SearchAttributes.Parser.ParseFrom(serialized);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return ["(unreadable search attributes)"];
        }
        return [.. attributes.IndexedFields
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => $"{f.Key} = {Value(f.Value)}")];
    }

    private static string Value(Payload payload)
    {
        var text = payload.Data.IsEmpty ? "null" : Encoding.UTF8.GetString(payload.Data.Span);
        return text.Length <= MaxValueLength ? text : string.Concat(text.AsSpan(0, MaxValueLength), "…");
    }
}
