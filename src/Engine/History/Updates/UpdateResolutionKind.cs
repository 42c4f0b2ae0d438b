namespace Fencepost.Engine.History.Updates;

/// <summary>See <see cref="UpdateResolution"/>.</summary>
internal enum UpdateResolutionKind
{
    Accepted,
    Rejected,
    Aborted,
}
