using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Fencepost.Engine.Introspection;

namespace Fencepost.ConsoleWeb.Tests.Pages;

/// <summary>The detail page's "is it making progress?" panel shows the engine's verdict, its findings and a JSON link.</summary>
public sealed class WorkflowDiagnosisPanelTests : ConsoleTestContext
{
    private readonly string _workflowId = "order-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _runId = Guid.NewGuid().ToString();

    private IRenderedComponent<WorkflowDetailPage> RenderRun() => Render<WorkflowDetailPage>(p => p
        .Add(x => x.Namespace, "default")
        .Add(x => x.WorkflowId, _workflowId)
        .Add(x => x.RunId, _runId));

    private WorkflowDiagnosis Diagnosis(WorkflowDiagnosisKind kind, string verdict, params string[] findings) =>
        new("default", _workflowId, _runId, "Running", kind, verdict, findings, Time.GetUtcNow());

    [Fact]
    public void Render_WaitingForWorker_ShowsVerdictAsErrorWithFindingsAndJsonLink()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        Diagnostics.Set(Diagnosis(WorkflowDiagnosisKind.WaitingForWorker, "Waiting for a worker: no poller on task queue orders for 12 min.",
            "History shard 3 is owned by node-a (this node).", "Task queue orders (workflow): last poll 12 min ago, 0 pollers waiting, 0 tasks in the backlog."));

        var page = RenderRun();

        var verdict = page.WaitForElement("[aria-label=Verdict]");
        Assert.Equal("Waiting for a worker: no poller on task queue orders for 12 min.", verdict.TextContent.Trim());
        Assert.Equal("WaitingForWorker", verdict.GetAttribute("data-kind"));
        Assert.Contains("mud-alert-text-error", verdict.ClassName, StringComparison.Ordinal);
        var findings = page.FindAll("[aria-label=Findings] .mud-list-item").Select(f => f.TextContent.Trim()).ToList();
        Assert.Equal(2, findings.Count);
        Assert.Contains("last poll 12 min ago", findings[1], StringComparison.Ordinal);
        var json = page.Find("[aria-label='Why stuck'] a").GetAttribute("href");
        Assert.Equal($"/workflows/default/{_workflowId}/{_runId}/diagnosis.json", json);
    }

    [Fact]
    public void DiagnoseAgain_AfterTheRunMoved_ShowsTheNewVerdict()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        Diagnostics.Set(Diagnosis(WorkflowDiagnosisKind.ActivityFailing, "Activity Charge (1) failing: attempt 3 is retried in 40 s; last failure: card declined."));
        var page = RenderRun();
        page.WaitForElement("[aria-label=Verdict]");
        var callsBefore = Diagnostics.Calls;

        Diagnostics.Set(Diagnosis(WorkflowDiagnosisKind.Idle, "Waiting for a signal, an update or a cancellation: nothing is pending."));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Diagnose again").Click();

        page.WaitForAssertion(() => Assert.Equal("Idle", page.Find("[aria-label=Verdict]").GetAttribute("data-kind")));
        Assert.Equal(callsBefore + 1, Diagnostics.Calls);
    }

    [Fact]
    public void Render_EngineHasNoRecord_SaysSo()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));

        var page = RenderRun();

        page.WaitForAssertion(() => Assert.Contains("The engine has no record of this run.", page.Find("[aria-label='Why stuck']").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[aria-label=Verdict]"));
    }
}
