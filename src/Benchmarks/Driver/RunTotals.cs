namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// The measured window's counts. Every started workflow ends as exactly one of completed, failed or
/// lost (still running when the drain deadline passed), so Started = Completed + Failed + Lost.
/// </summary>
public sealed record RunTotals(long Started, long Accepted, long Completed, long Failed)
{
    public long Lost => Started - Completed - Failed;
}
