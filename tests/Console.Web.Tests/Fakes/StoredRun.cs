using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>A run as the fake frontend holds it: its description and its whole history.</summary>
public sealed record StoredRun(string Namespace, DescribeWorkflowExecutionResponse Description, IReadOnlyList<HistoryEvent> Events);
