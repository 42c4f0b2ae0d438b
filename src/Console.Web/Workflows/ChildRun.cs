namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>A child started by the run: where to find it and how it stands as far as the parent's history knows.</summary>
public sealed record ChildRun(long InitiatedEventId, string Namespace, string WorkflowId, string WorkflowType, string? RunId, string State);
