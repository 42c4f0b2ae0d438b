using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>
/// An update an operator sends from the console: its reason rides in the request's header (so the
/// Accepted event records it with the operator's identity) and its answer reads as one sentence.
/// </summary>
public static class OperatorUpdate
{
    /// <summary>The header field holding the operator's reason (a JSON string); SDKs pass unknown headers by.</summary>
    public const string ReasonHeader = "fencepost-operator-reason";

    public static Header HeaderFor(string reason)
    {
        var payload = new Payload { Data = ByteString.CopyFromUtf8(System.Text.Json.JsonSerializer.Serialize(reason)) };
        payload.Metadata.Add("encoding", ByteString.CopyFromUtf8("json/plain"));
        return new Header { Fields = { [ReasonHeader] = payload } };
    }

    /// <summary>The reason an operator gave, from a request's header; null for updates sent by anyone else.</summary>
    public static string? ReasonOf(Header? header)
    {
        if (header is null || !header.Fields.TryGetValue(ReasonHeader, out var payload))
        {
            return null;
        }
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<string>(payload.Data.ToStringUtf8());
        }
        catch (System.Text.Json.JsonException)
        {
            return PayloadText.One(payload);
        }
    }

    /// <summary>How far the update got, and its outcome once it has one.</summary>
    public static string Describe(string name, UpdateWorkflowExecutionResponse response) => response.Stage switch
    {
        UpdateWorkflowExecutionLifecycleStage.Completed when response.Outcome?.Failure is { } failure =>
            $"Update '{name}' failed: {HistoryEventText.Failure(failure)}",
        UpdateWorkflowExecutionLifecycleStage.Completed =>
            $"Update '{name}' completed: {Or(PayloadText.Of(response.Outcome?.Success, PayloadText.CompactLength * 4), "no result")}",
        UpdateWorkflowExecutionLifecycleStage.Accepted =>
            $"Update '{name}' was accepted and is still running; its outcome will appear in the history.",
        _ => $"Update '{name}' is waiting for the workflow to accept or reject it: is a worker polling the task queue?",
    };

    private static string Or(string value, string fallback) => value.Length == 0 ? fallback : value;
}
