using System.Text.Json;
using Fencepost.Engine.Configuration.Dynamic;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>
/// Converts between what a person types and the JSON a key stores: durations and strings are
/// typed without quotes ("00:00:05"), numbers and booleans as themselves.
/// </summary>
public static class DynamicConfigValueText
{
    public static string ToJson(DynamicConfigKey key, string text)
    {
        var trimmed = text.Trim();
        return IsQuotedType(key) && !trimmed.StartsWith('"') ? JsonSerializer.Serialize(trimmed) : trimmed;
    }

    public static string FromJson(DynamicConfigKey key, string? json)
    {
        if (json is null)
        {
            return "";
        }
        if (IsQuotedType(key))
        {
            try
            {
                return JsonSerializer.Deserialize<string>(json) ?? json;
            }
            catch (JsonException)
            {
                return json;
            }
        }
        return json;
    }

    private static bool IsQuotedType(DynamicConfigKey key) => key.TypeName is "duration" or "string";
}
