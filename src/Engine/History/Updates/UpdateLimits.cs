namespace Fencepost.Engine.History.Updates;

/// <summary>The per-run update limits in force for one request (from dynamic config).</summary>
internal sealed record UpdateLimits(int MaxInFlight, int MaxTotal);
