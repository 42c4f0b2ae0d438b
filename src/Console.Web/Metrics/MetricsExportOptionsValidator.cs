using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Metrics;

/// <summary>Reports every problem of the metrics export settings at once.</summary>
public sealed class MetricsExportOptionsValidator : IValidateOptions<MetricsExportOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var emf = options.CloudWatchEmf;
        var problems = new List<string>();
        if (emf.Interval < TimeSpan.FromSeconds(1) || emf.Interval > TimeSpan.FromHours(1))
        {
            problems.Add($"{MetricsExportOptions.SectionName}:CloudWatchEmf:Interval must be between 00:00:01 and 01:00:00, not {emf.Interval}.");
        }
        if (string.IsNullOrWhiteSpace(emf.Namespace) || emf.Namespace.Length > 255)
        {
            problems.Add($"{MetricsExportOptions.SectionName}:CloudWatchEmf:Namespace must be 1 to 255 characters.");
        }
        if (emf.Path is { Length: > 0 } path && path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            problems.Add($"{MetricsExportOptions.SectionName}:CloudWatchEmf:Path \"{path}\" is not a valid path.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
