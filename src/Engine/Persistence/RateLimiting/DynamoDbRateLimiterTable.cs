using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Fencepost.Engine.Persistence.RateLimiting;

/// <summary>Creates the counters table (string key, on-demand billing, TTL on the expiry attribute) when it is missing.</summary>
public static class DynamoDbRateLimiterTable
{
    public static async Task EnsureExistsAsync(IAmazonDynamoDB dynamo, string tableName, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ResourceNotFoundException)
        {
        }

        try
        {
            await dynamo.CreateTableAsync(new CreateTableRequest
            {
                TableName = tableName,
                AttributeDefinitions = [new AttributeDefinition(DynamoDbConnectionRateLimiter.KeyAttribute, ScalarAttributeType.S)],
                KeySchema = [new KeySchemaElement(DynamoDbConnectionRateLimiter.KeyAttribute, KeyType.HASH)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Another node created it first.
        }

        for (var i = 0; i < 120; i++)
        {
            var table = await dynamo.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
            if (table.Table.TableStatus == TableStatus.ACTIVE)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), timeProvider, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await dynamo.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
            {
                TableName = tableName,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = DynamoDbConnectionRateLimiter.ExpiresAttribute, Enabled = true },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonDynamoDBException ex) when (ex.Message.Contains("already enabled", StringComparison.OrdinalIgnoreCase))
        {
        }
        catch (AmazonDynamoDBException ex) when (ex.ErrorCode == "UnknownOperationException")
        {
            // Local DynamoDB-API servers (dynalite) do not implement TTL. Items then stay, a few
            // bytes per endpoint per second of opens; real DynamoDB removes them after ItemTimeToLive.
        }
    }

    /// <summary>A client for the configured region, or for <see cref="DynamoDbRateLimiterOptions.ServiceUrl"/> when set.</summary>
    public static AmazonDynamoDBClient CreateClient(DynamoDbRateLimiterOptions options, AWSCredentials? credentials = null)
    {
        var config = new AmazonDynamoDBConfig
        {
            Timeout = options.RequestTimeout,
            MaxErrorRetry = 1,
        };
        if (options.ServiceUrl is { Length: > 0 } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        return credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
    }
}
