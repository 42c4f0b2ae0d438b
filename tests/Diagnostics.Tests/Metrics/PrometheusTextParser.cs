using System.Text;
using System.Text.RegularExpressions;

namespace Fencepost.Diagnostics.Tests.Metrics;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4 for the tests: it fails on any line the
/// format does not allow, so a passing test means a real scraper could read the output.
/// </summary>
public sealed partial class PrometheusTextParser
{
    public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Help { get; } = new(StringComparer.Ordinal);

    public List<PrometheusSample> Samples { get; } = [];

    public static PrometheusTextParser Parse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var parsed = new PrometheusTextParser();
        foreach (var line in text.Split('\n')[..^1])
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var parts = line["# HELP ".Length..].Split(' ', 2);
                Assert.True(parsed.Help.TryAdd(parts[0], parts[1]), $"HELP repeated for {parts[0]}");
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ');
                Assert.Equal(2, parts.Length);
                Assert.Contains(parts[1], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                Assert.True(parsed.Types.TryAdd(parts[0], parts[1]), $"TYPE repeated for {parts[0]}");
            }
            else
            {
                var match = SampleLine().Match(line);
                Assert.True(match.Success, $"not a valid sample line: {line}");
                parsed.Samples.Add(new PrometheusSample(match.Groups["name"].Value, Labels(match.Groups["labels"].Value), match.Groups["value"].Value));
            }
        }
        return parsed;
    }

    public PrometheusSample Single(string name, params (string Key, string Value)[] labels) =>
        Assert.Single(Samples, s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    private static Dictionary<string, string> Labels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var eq = text.IndexOf('=', i);
            var name = text[i..eq];
            Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", name);
            Assert.Equal('"', text[eq + 1]);
            var value = new StringBuilder();
            var j = eq + 2;
            while (text[j] != '"')
            {
                if (text[j] == '\\')
                {
                    j++;
                    value.Append(text[j] switch
                    {
                        'n' => '\n',
                        '\\' => '\\',
                        '"' => '"',
                        _ => throw new FormatException($"bad escape \\{text[j]}"),
                    });
                }
                else
                {
                    Assert.NotEqual('\n', text[j]);
                    value.Append(text[j]);
                }
                j++;
            }
            Assert.True(labels.TryAdd(name, value.ToString()), $"label {name} repeated");
            i = j + 1;
            if (i < text.Length)
            {
                Assert.Equal(',', text[i]);
                i++;
            }
        }
        return labels;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>[-+]?(\d+(\.\d+)?([eE][-+]?\d+)?|Inf|NaN))$""")]
    private static partial Regex SampleLine();
}
