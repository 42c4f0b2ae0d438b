using Temporalio.Common;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Upserts a string under SdkInt, which the namespace registers as an Int: its workflow task must fail.</summary>
[Workflow]
public class BadUpsertWorkflow
{
    public static readonly SearchAttributeKey<string> IntAsKeyword = SearchAttributeKey.CreateKeyword("SdkInt");

    [WorkflowRun]
    public async Task RunAsync()
    {
        Workflow.UpsertTypedSearchAttributes(IntAsKeyword.ValueSet("not a number"));
        await Workflow.WaitConditionAsync(() => false);
    }
}
