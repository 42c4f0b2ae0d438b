namespace Fencepost.Engine.Security;

/// <summary>The gate of an engine without a console: nothing to refuse.</summary>
internal sealed class OpenConsoleWriteGate : IConsoleWriteGate
{
    public bool WritesRefused => false;
}
