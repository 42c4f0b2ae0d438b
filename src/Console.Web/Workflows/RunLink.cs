namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>A related run (previous, next, parent) and why it is related (continue-as-new, retry, cron, parent).</summary>
public sealed record RunLink(string Label, string Namespace, string WorkflowId, string RunId);
