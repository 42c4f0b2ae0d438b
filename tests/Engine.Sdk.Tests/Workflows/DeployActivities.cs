using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>The activity of a deploy: the broken build fails every call, the fixed one ships.</summary>
public sealed class DeployActivities(bool broken)
{
    [Activity]
    public string Ship(string order) =>
        broken ? throw new ApplicationFailureException("bad deploy: NullReferenceException in Ship", nonRetryable: true) : $"shipped {order}";
}
