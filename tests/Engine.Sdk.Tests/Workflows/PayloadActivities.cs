using Temporalio.Activities;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Activities that make or take payloads of a given size.</summary>
public static class PayloadActivities
{
    [Activity]
    public static string Make(int characters) => new('x', characters);

    [Activity]
    public static int Measure(string text) => text.Length;
}
