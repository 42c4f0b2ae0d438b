using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Fencepost.Engine.Persistence.Postgres.Pooling;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Persistence.RateLimiting;

/// <summary>
/// Paces connection opens across every node of a cluster: each open first increments the
/// DynamoDB item for (endpoint, current second) with a conditional <c>ADD</c> that refuses once
/// the second's budget is spent, so all nodes together never exceed the budget in any second.
/// A refused caller waits for the next second plus jitter. When DynamoDB cannot be reached the
/// limiter degrades to the process-local limiter for a while rather than blocking every open.
/// </summary>
public sealed partial class DynamoDbConnectionRateLimiter(
    IAmazonDynamoDB dynamo,
    DynamoDbRateLimiterOptions options,
    IConnectionOpenRateLimiter localFallback,
    TimeProvider timeProvider,
    ILogger<DynamoDbConnectionRateLimiter> logger) : IConnectionOpenRateLimiter
{
    internal const string KeyAttribute = "pk";
    internal const string CountAttribute = "opens";
    internal const string ExpiresAttribute = "expires_at";

    private long _fallbackUntilTicks;

    /// <summary>True while DynamoDB is considered unreachable and the local limiter decides.</summary>
    public bool IsDegraded => timeProvider.GetUtcNow().UtcTicks < Interlocked.Read(ref _fallbackUntilTicks);

    public async ValueTask<bool> WaitToOpenAsync(string endpoint, CancellationToken cancellationToken)
    {
        var waited = false;
        while (true)
        {
            if (IsDegraded)
            {
                return await localFallback.WaitToOpenAsync(endpoint, cancellationToken).ConfigureAwait(false) || waited;
            }

            var now = timeProvider.GetUtcNow();
            var second = now.ToUnixTimeSeconds();
            bool granted;
            try
            {
                granted = await TryReserveAsync(endpoint, second, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsUnreachable(ex, cancellationToken))
            {
                Interlocked.Exchange(ref _fallbackUntilTicks, (now + options.FallbackDuration).UtcTicks);
                LogFallingBack(logger, options.TableName, options.FallbackDuration, ex);
                continue;
            }

            if (granted)
            {
                return waited;
            }

            waited = true;
            var nextSecond = DateTimeOffset.FromUnixTimeSeconds(second + 1);
            var jitter = TimeSpan.FromTicks((long)(options.RetryJitter.Ticks * Random.Shared.NextDouble()));
            var delay = nextSecond - timeProvider.GetUtcNow() + jitter;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Counts one open in the (endpoint, second) item unless that second's budget is spent.</summary>
    private async Task<bool> TryReserveAsync(string endpoint, long second, CancellationToken cancellationToken)
    {
        var request = new UpdateItemRequest
        {
            TableName = options.TableName,
            Key = new Dictionary<string, AttributeValue> { [KeyAttribute] = new() { S = ItemKey(endpoint, second) } },
            UpdateExpression = "ADD #opens :one SET #expires = if_not_exists(#expires, :expires)",
            ConditionExpression = "attribute_not_exists(#opens) OR #opens <= :last",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#opens"] = CountAttribute, ["#expires"] = ExpiresAttribute },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":one"] = new() { N = "1" },
                // The ADD applies only if the count so far leaves room for one more.
                [":last"] = new() { N = (options.PermitsPerSecond - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                [":expires"] = new() { N = (second + (long)options.ItemTimeToLive.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
        };
        try
        {
            await dynamo.UpdateItemAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    internal static string ItemKey(string endpoint, long unixSecond) => $"{endpoint}#{unixSecond}";

    private static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && exception is AmazonServiceException or AmazonClientException or HttpRequestException or TimeoutException or OperationCanceledException;

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "DynamoDB connection-rate table '{Table}' unreachable; pacing connection opens with the local limiter for {Duration}.")]
    private static partial void LogFallingBack(ILogger logger, string table, TimeSpan duration, Exception exception);
}
