namespace Fencepost.ConsoleWeb.Metrics;

/// <summary>The "Fencepost:Metrics" configuration section.</summary>
public sealed class MetricsExportOptions
{
    public const string SectionName = "Fencepost:Metrics";

    public CloudWatchEmfOptions CloudWatchEmf { get; set; } = new();

    /// <summary>CloudWatch Embedded Metric Format lines, written every <see cref="Interval"/> (off by default).</summary>
    public sealed class CloudWatchEmfOptions
    {
        public bool Enabled { get; set; }

        public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The CloudWatch metric namespace.</summary>
        public string Namespace { get; set; } = "Fencepost";

        /// <summary>File the lines are appended to (a log file the CloudWatch agent tails); empty writes them to standard output.</summary>
        public string? Path { get; set; }
    }
}
