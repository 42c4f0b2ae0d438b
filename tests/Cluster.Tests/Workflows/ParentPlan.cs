namespace Fencepost.Cluster.Tests.Workflows;

/// <summary>
/// What <see cref="ParentWorkflow"/> does to other workflows, each named by an id the test picked
/// so that its shard lands on a chosen node.
/// </summary>
public sealed record ParentPlan(string[] ChildIds, string SignalTargetId, string CancelTargetId, string TerminatedChildId, string CancelledChildId);
