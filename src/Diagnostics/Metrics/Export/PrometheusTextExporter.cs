using System.Globalization;
using System.Text;

namespace Fencepost.Diagnostics.Metrics.Export;

/// <summary>
/// Renders the collector's current state in the Prometheus text exposition format 0.0.4: HELP and TYPE
/// once per metric family, counters as <c>_total</c>, histograms as cumulative <c>_bucket</c> series
/// with <c>le</c> plus <c>_sum</c> and <c>_count</c>, gauges and up-down counters as gauges.
/// Instruments of different meters that map to one name are merged into one family; one whose kind
/// disagrees with the family's is left out rather than exported with a wrong TYPE.
/// </summary>
public sealed class PrometheusTextExporter(MetricsCollector collector)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public string Export()
    {
        var text = new StringBuilder();
        var families = collector.Collect()
            .GroupBy(i => PrometheusNaming.MetricName(i.Name, i.Unit, i.Kind), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var family in families)
        {
            var first = family.First();
            var members = family.Where(i => i.Kind == first.Kind).ToList();
            var help = members.Select(i => i.Description).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d)) ?? first.Name;
            text.Append("# HELP ").Append(family.Key).Append(' ').Append(PrometheusNaming.EscapeHelp(help)).Append('\n');
            text.Append("# TYPE ").Append(family.Key).Append(' ').Append(TypeOf(first.Kind)).Append('\n');
            foreach (var instrument in members)
            {
                foreach (var point in instrument.Points)
                {
                    if (instrument.Kind == MetricKind.Histogram && point.Histogram is { } histogram)
                    {
                        WriteHistogram(text, family.Key, instrument.Boundaries!, point, histogram);
                    }
                    else
                    {
                        WriteSample(text, family.Key, point.Tags, null, point.Value);
                    }
                }
            }
        }
        return text.ToString();
    }

    private static string TypeOf(MetricKind kind) => kind switch
    {
        MetricKind.Counter => "counter",
        MetricKind.Histogram => "histogram",
        _ => "gauge",
    };

    private static void WriteHistogram(StringBuilder text, string name, IReadOnlyList<double> boundaries, MetricPointSnapshot point, HistogramSnapshot histogram)
    {
        long cumulative = 0;
        for (var i = 0; i < histogram.BucketCounts.Count; i++)
        {
            cumulative += histogram.BucketCounts[i];
            var le = i < boundaries.Count ? Number(boundaries[i]) : "+Inf";
            WriteSample(text, name + "_bucket", point.Tags, le, cumulative);
        }
        WriteSample(text, name + "_sum", point.Tags, null, histogram.Sum);
        WriteSample(text, name + "_count", point.Tags, null, histogram.Count);
    }

    private static void WriteSample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> tags, string? le, double value)
    {
        text.Append(name);
        if (tags.Count > 0 || le is not null)
        {
            text.Append('{');
            var separator = string.Empty;
            foreach (var (key, tagValue) in tags)
            {
                text.Append(separator).Append(PrometheusNaming.LabelName(key)).Append("=\"").Append(PrometheusNaming.EscapeLabelValue(tagValue)).Append('"');
                separator = ",";
            }
            if (le is not null)
            {
                text.Append(separator).Append("le=\"").Append(le).Append('"');
            }
            text.Append('}');
        }
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
