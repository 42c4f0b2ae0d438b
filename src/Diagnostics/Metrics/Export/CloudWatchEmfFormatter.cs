using System.Text;
using System.Text.Json;

namespace Fencepost.Diagnostics.Metrics.Export;

/// <summary>
/// Writes CloudWatch Embedded Metric Format lines: one JSON object per line whose <c>_aws</c> member
/// declares the namespace, the dimension set and each metric's unit, with the dimension and metric
/// values as top-level members. CloudWatch Logs turns such lines into metrics without an API call
/// (and without the AWSSDK.CloudWatch package, which this machine cannot restore).
/// </summary>
public sealed class CloudWatchEmfFormatter
{
    /// <summary>EMF allows at most 30 dimensions per set and 100 metrics per directive.</summary>
    public const int MaxDimensions = 30;

    public const int MaxMetrics = 100;

    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["s"] = "Seconds", ["ms"] = "Milliseconds", ["us"] = "Microseconds", ["By"] = "Bytes",
        ["KiBy"] = "Kilobytes", ["MiBy"] = "Megabytes", ["GiBy"] = "Gigabytes", ["%"] = "Percent",
        ["1"] = "None", ["By/s"] = "Bytes/Second",
    };

    private readonly string _namespace;

    public CloudWatchEmfFormatter(string metricNamespace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metricNamespace);
        _namespace = metricNamespace;
    }

    /// <summary>The CloudWatch unit for an OpenTelemetry unit: counts ("{request}") become Count, rates "/s" become .../Second.</summary>
    public static string ToCloudWatchUnit(string? unit, bool isRate = false)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return isRate ? "Count/Second" : "None";
        }
        if (Units.TryGetValue(unit, out var known))
        {
            return isRate && known is "Bytes" ? "Bytes/Second" : isRate ? "Count/Second" : known;
        }
        if (unit.StartsWith('{') || unit.EndsWith("/s", StringComparison.Ordinal) || isRate)
        {
            return isRate || unit.EndsWith("/s", StringComparison.Ordinal) ? "Count/Second" : "Count";
        }
        return "None";
    }

    /// <summary>One EMF line (no trailing newline) for the metrics under one dimension set at <paramref name="timestamp"/>.</summary>
    public string Format(DateTimeOffset timestamp, IReadOnlyList<KeyValuePair<string, string>> dimensions, IReadOnlyList<EmfMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(metrics);
        Validate(dimensions, metrics);

        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", timestamp.ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", _namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            foreach (var dimension in dimensions)
            {
                json.WriteStringValue(dimension.Key);
            }
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var metric in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", metric.Name);
                json.WriteString("Unit", metric.Unit);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            foreach (var dimension in dimensions)
            {
                json.WriteString(dimension.Key, dimension.Value);
            }
            foreach (var metric in metrics)
            {
                json.WriteNumber(metric.Name, metric.Value);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Validate(IReadOnlyList<KeyValuePair<string, string>> dimensions, IReadOnlyList<EmfMetric> metrics)
    {
        var errors = new List<string>();
        if (dimensions.Count > MaxDimensions)
        {
            errors.Add($"EMF allows at most {MaxDimensions} dimensions (got {dimensions.Count}).");
        }
        if (metrics.Count is 0 or > MaxMetrics)
        {
            errors.Add($"EMF needs 1 to {MaxMetrics} metrics per line (got {metrics.Count}).");
        }
        var names = new HashSet<string>(StringComparer.Ordinal) { "_aws" };
        foreach (var name in dimensions.Select(d => d.Key).Concat(metrics.Select(m => m.Name)))
        {
            if (string.IsNullOrWhiteSpace(name) || !names.Add(name))
            {
                errors.Add($"Dimension and metric names must be non-empty and distinct (and not _aws): '{name}'.");
            }
        }
        foreach (var metric in metrics.Where(m => !double.IsFinite(m.Value)))
        {
            errors.Add($"Metric {metric.Name} is {metric.Value}; EMF values must be finite numbers.");
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }
}
