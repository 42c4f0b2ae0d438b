namespace Fencepost.ConsoleWeb.Data;

/// <summary>The frontend refused a signal, cancel or terminate; the message says why in the server's words.</summary>
public sealed class WorkflowActionException(string message, Exception? inner = null) : Exception(message, inner);
