namespace Fencepost.Engine.Persistence.RateLimiting;

/// <summary>
/// The cluster-wide connection-rate limiter's settings (section <c>Fencepost:Store:ConnectionRateLimiter</c>).
/// DSQL accepts 100 new connections per second per cluster; every node of the cluster counts its
/// opens in one DynamoDB item per endpoint per second, so together they stay under that.
/// </summary>
public sealed class DynamoDbRateLimiterOptions
{
    /// <summary>The DynamoDB table holding one counter item per endpoint per second. Empty: use the local limiter only.</summary>
    public string TableName { get; set; } = "";

    /// <summary>A DynamoDB-API endpoint to use instead of the region's (e.g. a local server in tests).</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Connections all nodes together may open per endpoint per second (DSQL: 100).</summary>
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>How long a counter item lives before DynamoDB's TTL removes it.</summary>
    public TimeSpan ItemTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Spread added after a full second so waiting nodes don't all retry at the same instant.</summary>
    public TimeSpan RetryJitter { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long to use the local limiter after DynamoDB could not be reached, before trying DynamoDB again.</summary>
    public TimeSpan FallbackDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-call timeout for DynamoDB, short so an unreachable table degrades to the local limiter quickly.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PermitsPerSecond < 1) errors.Add($"PermitsPerSecond must be at least 1, not {PermitsPerSecond}.");
        if (ItemTimeToLive < TimeSpan.FromSeconds(2)) errors.Add($"ItemTimeToLive must be at least 2 s, not {ItemTimeToLive}.");
        if (RetryJitter < TimeSpan.Zero || RetryJitter > TimeSpan.FromSeconds(1)) errors.Add($"RetryJitter must be 0-1 s, not {RetryJitter}.");
        if (FallbackDuration <= TimeSpan.Zero) errors.Add($"FallbackDuration must be positive, not {FallbackDuration}.");
        if (RequestTimeout <= TimeSpan.Zero) errors.Add($"RequestTimeout must be positive, not {RequestTimeout}.");
        if (ServiceUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _)) errors.Add($"ServiceUrl '{url}' is not an absolute URL.");
        return errors;
    }
}
