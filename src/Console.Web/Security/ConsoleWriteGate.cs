using Fencepost.Engine.Security;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>The console's read-only switch as the frontend sees it: the console's own writes are refused while it is on.</summary>
internal sealed class ConsoleWriteGate(ReadOnlyMode readOnly) : IConsoleWriteGate
{
    public bool WritesRefused => readOnly.IsEnabled;
}
