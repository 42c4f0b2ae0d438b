namespace Fencepost.Engine.History.CrossShard;

/// <summary>
/// A SignalExternalWorkflowExecution transfer task asks the target's shard to deliver the signal.
/// The source's request id travels with it, so a retried delivery is applied once.
/// </summary>
internal sealed record ExternalSignalRequest(Guid TargetNamespaceId, string TargetWorkflowId, byte[] InitiatedEvent, string RequestId);
