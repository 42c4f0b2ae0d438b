using Fencepost.Engine.Frontend;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Persistence.Visibility;
using Fencepost.Engine.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.Engine.Tests.Frontend;

/// <summary>
/// GetSystemInfo's and DescribeNamespace's capability flags, each pinned to what the engine does:
/// a flag that names a feature is true exactly when its RPCs are served (or the feature exists), so
/// serving Update, Schedules, Nexus ... without flipping the flag, or the reverse, fails here. A
/// flag the SDK package adds fails too, until someone decides it here.
/// </summary>
public sealed class CapabilityTests
{
    [Fact]
    public async Task GetSystemInfo_EachCapability_TrueExactlyWhenTheEngineDoesIt()
    {
        var served = await ServedAsync();
        var groupByStatus = Record.Exception(() => VisibilityQueryParser.Parse("ExecutionStatus = 'Running' GROUP BY ExecutionStatus")) is null;
        var expected = new Dictionary<string, bool>
        {
            // Signal and query headers reach the workflow (the signal event and the query task carry them).
            ["SignalAndQueryHeader"] = served.Contains("SignalWorkflowExecution") && served.Contains("QueryWorkflow"),
            // False never misleads: clients then retry every failure. True would stop them retrying INTERNAL.
            ["InternalErrorDifferentiation"] = false,
            // RespondActivityTaskFailed keeps last_heartbeat_details for the next attempt.
            ["ActivityFailureIncludeHeartbeat"] = served.Contains("RespondActivityTaskFailed"),
            ["SupportsSchedules"] = served.Contains("CreateSchedule"),
            // Failures are stored and returned as the SDK sent them, encoded_attributes included.
            ["EncodedFailureAttributes"] = true,
            ["BuildIdBasedVersioning"] = served.Contains("UpdateWorkerBuildIdCompatibility"),
            // ModifyWorkflowProperties upserts the memo (UpsertsWorkflow in both SDK suites).
            ["UpsertMemo"] = served.Contains("RespondWorkflowTaskCompleted"),
            // StartWorkflowExecution returns the first task when asked (EagerWorkflowStartTests).
            ["EagerWorkflowStart"] = served.Contains("StartWorkflowExecution"),
            // WorkflowTaskCompleted records sdk_metadata (HistoryEventFieldTests).
            ["SdkMetadata"] = served.Contains("RespondWorkflowTaskCompleted"),
            ["CountGroupByExecutionStatus"] = groupByStatus,
            ["Nexus"] = served.Contains("PollNexusTaskQueue"),
            ["ServerScaledDeployments"] = served.Contains("UpdateWorkerDeploymentVersionComputeConfig"),
            ["ServerScaledProviderCloudRun"] = served.Contains("UpdateWorkerDeploymentVersionComputeConfig"),
        };

        AssertFlags(SystemHandlers.GetSystemInfo().Capabilities, expected);
    }

    [Fact]
    public async Task DescribeNamespace_EachCapability_TrueExactlyWhenTheEngineDoesIt()
    {
        var served = await ServedAsync();
        var update = served.Contains("UpdateWorkflowExecution");
        var standaloneActivities = served.Contains("StartActivityExecution");
        var expected = new Dictionary<string, bool>
        {
            ["EagerWorkflowStart"] = served.Contains("StartWorkflowExecution"),
            ["SyncUpdate"] = update,
            ["AsyncUpdate"] = update && served.Contains("PollWorkflowExecutionUpdate"),
            // Completion callbacks attached to an update (Nexus-style) are not stored or called.
            ["WorkflowUpdateCallbacks"] = false,
            ["WorkerHeartbeats"] = served.Contains("RecordWorkerHeartbeat"),
            ["ReportedProblemsSearchAttribute"] = SearchAttributeCatalog.Predefined.ContainsKey("TemporalReportedProblems"),
            ["WorkflowPause"] = served.Contains("PauseWorkflowExecution"),
            ["StandaloneActivities"] = standaloneActivities,
            ["StandaloneActivityStartDelay"] = standaloneActivities,
            ["StandaloneActivityBatchOperations"] = standaloneActivities && served.Contains("StartBatchOperation"),
            ["StandaloneActivityOperatorCommands"] = standaloneActivities && served.Contains("PauseActivityExecution"),
            ["StandaloneNexusOperation"] = served.Contains("StartNexusOperationExecution"),
            ["WorkerPollCompleteOnShutdown"] = served.Contains("ShutdownWorker"),
            // Poll responses carry no poller scaling decision, so workers must not autoscale on it.
            ["PollerAutoscaling"] = false,
            ["PollerAutoscalingAutoEnroll"] = false,
            // No control queue for server-to-worker commands.
            ["WorkerCommands"] = false,
            // RespondWorkflowTaskCompleted is never paged.
            ["WorkflowTaskCompletionPagination"] = false,
        };

        AssertFlags(SystemHandlers.NamespaceCapabilities(), expected);
        Assert.False(SystemHandlers.NamespaceCapabilities(eagerWorkflowStart: false).EagerWorkflowStart);
    }

    private static void AssertFlags(Google.Protobuf.IMessage capabilities, Dictionary<string, bool> expected)
    {
        var problems = new List<string>();
        foreach (var field in capabilities.Descriptor.Fields.InDeclarationOrder())
        {
            var name = field.PropertyName;
            var actual = (bool)field.Accessor.GetValue(capabilities);
            if (!expected.TryGetValue(name, out var wanted))
            {
                problems.Add($"{name} is new in the SDK package: decide whether the engine does it and add it here (today it says {actual}).");
            }
            else if (wanted != actual)
            {
                problems.Add($"{name} claims {actual}, but the engine {(wanted ? "does it" : "does not do it")}.");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task<HashSet<string>> ServedAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Fencepost:Frontend:Port"] = "0";
        builder.AddFencepostEngine();
        await using var app = builder.Build();
        return [.. app.Services.GetRequiredService<WorkflowServiceHandlers>().ServedMethods];
    }
}
