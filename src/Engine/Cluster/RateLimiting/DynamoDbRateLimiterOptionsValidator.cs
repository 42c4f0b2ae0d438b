using Fencepost.Engine.Persistence.RateLimiting;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Cluster.RateLimiting;

/// <summary>Refuses to start a node with an invalid cluster-wide connection-rate limiter, listing every problem at once.</summary>
internal sealed class DynamoDbRateLimiterOptionsValidator : IValidateOptions<DynamoDbRateLimiterOptions>
{
    public ValidateOptionsResult Validate(string? name, DynamoDbRateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
