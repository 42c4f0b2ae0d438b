namespace Fencepost.Engine.Persistence.Model;

/// <summary>A namespace; <see cref="Data"/> is the engine's serialized namespace info and config.</summary>
public sealed record NamespaceRecord(Guid Id, string Name, long NotificationVersion, byte[] Data);
