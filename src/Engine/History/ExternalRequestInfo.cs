namespace Fencepost.Engine.History;

/// <summary>A pending signal or cancel request to another workflow, from initiation until its outcome is recorded.</summary>
internal sealed class ExternalRequestInfo
{
    public long InitiatedEventId { get; set; }
    /// <summary>The serialized initiated event.</summary>
    public byte[] InitiatedEvent { get; set; } = [];
    public string RequestId { get; set; } = "";
}
