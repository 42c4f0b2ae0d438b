using Fencepost.Engine.Matching;

namespace Fencepost.Engine.Introspection;

/// <summary>One task queue of one type at one instant.</summary>
public sealed record TaskQueueSnapshot(string Namespace, string Name, int TaskType, int Partitions, int BacklogInMemory, int WaitingPollers, IReadOnlyList<PollerInfo> Pollers);
