namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>An update the run accepted, as its history tells it: who sent it, why (when an operator did), and how it ended.</summary>
public sealed record UpdateRun(long AcceptedEventId, string UpdateId, string Name, string Identity, string? Reason, string State, string Outcome);
