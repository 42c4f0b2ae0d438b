using Temporalio.Activities;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

public static class GreetingActivities
{
    [Activity]
    public static string Greet(string name) => $"Hi from an activity, {name}";
}
