using System.Text;
using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>Checks requests the way Temporal's frontend does, with messages a person can act on.</summary>
internal static class RequestValidator
{
    /// <summary>The most bytes (UTF-8) of an id or name, as Temporal's limit.maxIDLength.</summary>
    public const int MaxIdLength = 1000;

    public static void WorkflowId(string workflowId)
    {
        if (string.IsNullOrEmpty(workflowId))
        {
            throw ServiceErrorException.InvalidArgument("WorkflowId is not set on request.");
        }
        if (TooLong(workflowId))
        {
            throw ServiceErrorException.InvalidArgument($"WorkflowId is longer than {MaxIdLength} bytes.");
        }
    }

    public static void Name(string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw ServiceErrorException.InvalidArgument($"{what} is not set on request.");
        }
        if (TooLong(value))
        {
            throw ServiceErrorException.InvalidArgument($"{what} is longer than {MaxIdLength} bytes.");
        }
    }

    /// <summary>More than <see cref="MaxIdLength"/> bytes of UTF-8 (counted only when the characters could be).</summary>
    public static bool TooLong(string value) =>
        value.Length > MaxIdLength || (value.Length * 3 > MaxIdLength && Encoding.UTF8.GetByteCount(value) > MaxIdLength);

    public static TimeSpan? Timeout(Duration? duration, string what)
    {
        if (duration is null)
        {
            return null;
        }
        var value = duration.ToTimeSpan();
        if (value < TimeSpan.Zero)
        {
            throw ServiceErrorException.InvalidArgument($"Invalid {what}: it cannot be negative.");
        }
        return value == TimeSpan.Zero ? null : value;
    }

    public static void Retry(RetryPolicy? policy)
    {
        if (RetryPolicyEvaluator.Validate(policy) is { } problem)
        {
            throw ServiceErrorException.InvalidArgument(problem);
        }
    }

    /// <summary>Refuses a blob over <see cref="PayloadLimits.MaxBlobBytes"/> with INVALID_ARGUMENT naming it.</summary>
    public static void Blob(Google.Protobuf.IMessage? blob, string what)
    {
        if (PayloadLimits.Problem(blob, what) is { } problem)
        {
            throw ServiceErrorException.InvalidArgument(problem);
        }
    }

    public static Guid RunId(string runId)
    {
        if (!Guid.TryParse(runId, out var parsed))
        {
            throw ServiceErrorException.InvalidArgument($"RunId '{ErrorText.Echo(runId)}' is not a valid UUID.");
        }
        return parsed;
    }
}
