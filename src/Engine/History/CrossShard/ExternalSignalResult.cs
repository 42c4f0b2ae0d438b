using System.Text.Json.Serialization;

namespace Fencepost.Engine.History.CrossShard;

/// <summary>What became of a signal one workflow sent another; each failure is recorded with its own cause. Travels between nodes by name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExternalSignalResult>))]
internal enum ExternalSignalResult
{
    /// <summary>Delivered, now or by an earlier attempt.</summary>
    Delivered,

    /// <summary>The target does not exist or has closed (<c>EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND</c>).</summary>
    NotFound,

    /// <summary>The target has received as many signals as it may (<c>SIGNAL_COUNT_LIMIT_EXCEEDED</c>).</summary>
    SignalCountLimitExceeded,
}
