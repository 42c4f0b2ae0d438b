using Fencepost.Engine.Security;

namespace Fencepost.Engine.Tests.Security;

public sealed class MethodAccessTests
{
    [Theory]
    [InlineData("GetSystemInfo", AccessLevel.Authenticated, false)]
    [InlineData("ListNamespaces", AccessLevel.Authenticated, false)]
    [InlineData("DescribeNamespace", AccessLevel.Read, true)]
    [InlineData("ListWorkflowExecutions", AccessLevel.Read, true)]
    [InlineData("CountWorkflowExecutions", AccessLevel.Read, true)]
    [InlineData("GetWorkflowExecutionHistory", AccessLevel.Read, true)]
    [InlineData("QueryWorkflow", AccessLevel.Read, true)]
    [InlineData("PollWorkflowExecutionUpdate", AccessLevel.Read, true)]
    [InlineData("StartWorkflowExecution", AccessLevel.Write, true)]
    [InlineData("SignalWithStartWorkflowExecution", AccessLevel.Write, true)]
    [InlineData("PollWorkflowTaskQueue", AccessLevel.Write, true)]
    [InlineData("RespondActivityTaskCompleted", AccessLevel.Write, true)]
    [InlineData("TerminateWorkflowExecution", AccessLevel.Write, true)]
    [InlineData("DeleteWorkflowExecution", AccessLevel.Write, true)]
    [InlineData("CreateSchedule", AccessLevel.Write, true)]
    [InlineData("UpdateNamespace", AccessLevel.Admin, true)]
    [InlineData("AddSearchAttributes", AccessLevel.Admin, true)]
    [InlineData("RegisterNamespace", AccessLevel.Admin, false)]
    [InlineData("DeleteNamespace", AccessLevel.Admin, false)]
    public void For_Method_NeedsItsLevel(string method, AccessLevel level, bool namespaceScoped)
    {
        var access = MethodAccess.For(method);

        Assert.Equal(level, access.Level);
        Assert.Equal(namespaceScoped, access.NamespaceScoped);
    }

    /// <summary>Every method of both services, as Temporalio.dll describes them: none that carries no namespace may need a namespace grant.</summary>
    [Fact]
    public void For_EveryMethodWithoutANamespaceField_IsNotNamespaceScoped()
    {
        var services = new[]
        {
            Temporalio.Api.WorkflowService.V1.ServiceReflection.Descriptor.Services[0],
            Temporalio.Api.OperatorService.V1.ServiceReflection.Descriptor.Services[0],
        };
        var wrong = services.SelectMany(s => s.Methods)
            .Where(m => m.InputType.FindFieldByName("namespace") is null && MethodAccess.For(m.Name).NamespaceScoped)
            .Select(m => m.Name)
            .ToList();

        Assert.True(wrong.Count == 0, "Namespace-scoped but the request names no namespace: " + string.Join(", ", wrong));
    }
}
