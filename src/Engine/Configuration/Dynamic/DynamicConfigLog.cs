using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Configuration.Dynamic;

internal static partial class DynamicConfigLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Dynamic config {Key} ({Scope} {ScopeValue}) changed by {ChangedBy}: {Reason}")]
    public static partial void ChangeStored(ILogger logger, string key, string scope, string scopeValue, string changedBy, string reason);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "A dynamic config subscriber failed")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Stored dynamic config value of {Key} ({Scope} {ScopeValue}) is not valid; using the next less specific value")]
    public static partial void InvalidStoredValue(ILogger logger, string key, string scope, string scopeValue, Exception exception);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Reading dynamic config from the store failed; keeping the values last read")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);
}
