namespace Fencepost.Engine.Tests.Persistence.Embedded;

/// <summary>A row value for emulator tests.</summary>
internal sealed record Counter(long Value, byte[]? Payload = null);
