using System.Text;

namespace Fencepost.Diagnostics.Metrics.Export;

/// <summary>
/// OpenTelemetry-to-Prometheus naming: invalid characters become '_', the unit becomes a suffix
/// (s -> _seconds, By -> _bytes, {annotations} dropped, a/b -> _a_per_b, "1" -> _ratio for gauges),
/// counters end in _total.
/// </summary>
internal static class PrometheusNaming
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds", ["ms"] = "milliseconds",
        ["us"] = "microseconds", ["ns"] = "nanoseconds", ["By"] = "bytes", ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes", ["TiBy"] = "tebibytes", ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes", ["GBy"] = "gigabytes", ["TBy"] = "terabytes", ["m"] = "meters",
        ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules", ["W"] = "watts", ["g"] = "grams",
        ["Cel"] = "celsius", ["Hz"] = "hertz", ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["m"] = "minute", ["h"] = "hour", ["d"] = "day", ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    };

    public static string MetricName(string name, string? unit, MetricKind kind)
    {
        var baseName = Sanitize(name, allowColon: true);
        var isCounter = kind == MetricKind.Counter;
        if (isCounter && baseName.EndsWith("_total", StringComparison.Ordinal))
        {
            baseName = baseName[..^"_total".Length];
        }
        var suffix = UnitSuffix(unit, kind);
        if (suffix.Length > 0 && !baseName.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            baseName += "_" + suffix;
        }
        return isCounter ? baseName + "_total" : baseName;
    }

    public static string LabelName(string name)
    {
        var sanitized = Sanitize(name, allowColon: false);
        // Names starting with "__" are reserved for Prometheus itself.
        return sanitized.StartsWith("__", StringComparison.Ordinal) ? "_" + sanitized.TrimStart('_') : sanitized;
    }

    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", @"\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", @"\n", StringComparison.Ordinal);

    public static string EscapeHelp(string help) =>
        help.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private static string UnitSuffix(string? unit, MetricKind kind)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return string.Empty;
        }
        if (unit == "1")
        {
            return kind == MetricKind.Gauge ? "ratio" : string.Empty;
        }
        // Curly-brace annotations ("{request}") carry no unit.
        var withoutAnnotations = new StringBuilder();
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                withoutAnnotations.Append(c);
            }
        }
        var plain = withoutAnnotations.ToString().Trim();
        if (plain.Length == 0)
        {
            return string.Empty;
        }
        var slash = plain.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return Sanitize(Units.GetValueOrDefault(plain, plain), allowColon: false).Trim('_');
        }
        var numerator = plain[..slash];
        var denominator = plain[(slash + 1)..];
        var over = Sanitize(PerUnits.GetValueOrDefault(denominator, denominator), allowColon: false).Trim('_');
        var top = numerator.Length == 0 ? string.Empty : Sanitize(Units.GetValueOrDefault(numerator, numerator), allowColon: false).Trim('_');
        return top.Length == 0 ? "per_" + over : $"{top}_per_{over}";
    }

    private static string Sanitize(string name, bool allowColon)
    {
        var result = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            // Runs of invalid characters collapse into one underscore.
            if (next != '_' || result.Length == 0 || result[^1] != '_')
            {
                result.Append(next);
            }
        }
        if (result.Length == 0 || char.IsAsciiDigit(result[0]))
        {
            result.Insert(0, '_');
        }
        return result.ToString();
    }
}
