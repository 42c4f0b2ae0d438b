using Temporalio.Activities;

namespace Fencepost.Benchmarks.Driver.Workflows;

/// <summary>The benchmark's activity: does no work, so the measured latency is the server's, not the activity's.</summary>
public static class BenchActivities
{
    [Activity]
    public static string Echo(string input) => input;
}
