using Temporalio.Common;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Parity;

/// <summary>Upserts a typed search attribute and the memo.</summary>
[Workflow]
public class UpsertsWorkflow
{
    public static readonly SearchAttributeKey<string> Keyword = SearchAttributeKey.CreateKeyword("CustomKeywordField");

    [WorkflowRun]
    public Task<string> RunAsync()
    {
        Workflow.UpsertTypedSearchAttributes(Keyword.ValueSet("upserted"));
        Workflow.UpsertMemo(MemoUpdate.ValueSet("note", "from the workflow"));
        return Task.FromResult(Workflow.TypedSearchAttributes.Get(Keyword));
    }
}
