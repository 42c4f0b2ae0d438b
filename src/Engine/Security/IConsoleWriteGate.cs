namespace Fencepost.Engine.Security;

/// <summary>
/// Whether the console's own writes are refused right now (its read-only switch). The frontend asks
/// it for calls made with this process's console credential, so the switch holds even for a write
/// that reaches the frontend without going through a page's check.
/// </summary>
public interface IConsoleWriteGate
{
    bool WritesRefused { get; }
}
