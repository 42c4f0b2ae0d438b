using Temporalio.Activities;

namespace Fencepost.Cluster.Tests.Workflows;

public static class EchoActivities
{
    [Activity]
    public static string Echo(string text) => $"echo: {text}";
}
