using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Engine.Persistence.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class WorkflowsPageTests : ConsoleTestContext
{
    public WorkflowsPageTests() => SignIn("vera", ConsoleRole.Viewer);

    private VisibilityRecord Run(string id, int status) =>
        new(Guid.Empty, id, Guid.NewGuid(), "OrderWorkflow", "orders", status, Time.GetUtcNow(), Time.GetUtcNow(),
            status == 1 ? null : Time.GetUtcNow(), 12, null, null);

    [Fact]
    public void Render_Runs_ShowsRowsAndCountsByStatus()
    {
        Workflows.Runs.AddRange([Run("order-1", 1), Run("order-2", 2), Run("order-3", 2)]);

        var page = Render<WorkflowsPage>();

        Assert.Equal(3, page.FindAll("[aria-label=Runs] tbody tr").Count);
        var counts = page.Find("[aria-label='Counts by status']").TextContent;
        Assert.Contains("Running: 1", counts, StringComparison.Ordinal);
        Assert.Contains("Completed: 2", counts, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_IdWithRightToLeftOverrideAndNewline_ShownEscaped()
    {
        // U+202E would show "order-gpj.exe" as "order-exe.jpg"; the newline could fake a second row.
        Workflows.Runs.Add(Run("order-\u202Egpj.exe\nfake", 1));

        var page = Render<WorkflowsPage>();

        var cell = page.Find("[aria-label=Runs] tbody tr").TextContent;
        Assert.Contains("order-\\u202Egpj.exe\\u000Afake", cell, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', page.Markup);
    }

    [Fact]
    public void Render_RunWithSearchAttributes_ShowsEachInItsRow()
    {
        var attributes = new Temporalio.Api.Common.V1.SearchAttributes
        {
            IndexedFields =
            {
                ["CustomKeywordField"] = new Temporalio.Api.Common.V1.Payload { Data = Google.Protobuf.ByteString.CopyFromUtf8("\"blue\"") },
                ["CustomIntField"] = new Temporalio.Api.Common.V1.Payload { Data = Google.Protobuf.ByteString.CopyFromUtf8("42") },
            },
        };
        Workflows.Runs.AddRange([Run("plain", 1), Run("tagged", 1) with { SearchAttributes = Google.Protobuf.MessageExtensions.ToByteArray(attributes) }]);

        var page = Render<WorkflowsPage>();

        var cells = page.FindAll("[aria-label=Runs] tbody td[aria-label='Search attributes']");
        Assert.Equal("", cells[0].TextContent.Trim());
        var lines = cells[1].QuerySelectorAll("div").Select(d => d.TextContent).ToList();
        Assert.Equal(["CustomIntField = 42", "CustomKeywordField = \"blue\""], lines);
    }

    [Fact]
    public void Render_QueryInUrl_PassedToSearchAndFilters()
    {
        Workflows.Runs.AddRange([Run("order-1", 1), Run("order-2", 2)]);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/workflows?q=ExecutionStatus%20%3D%20%27Running%27");

        var page = Render<WorkflowsPage>();

        Assert.Equal("ExecutionStatus = 'Running'", Workflows.Queries[^1]);
        var row = Assert.Single(page.FindAll("[aria-label=Runs] tbody tr"));
        Assert.Contains("order-1", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InvalidQuery_ShowsParserMessage()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/workflows?q=Bogus%20%3D%201");

        var page = Render<WorkflowsPage>();

        Assert.Contains("Invalid visibility query", page.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void NextPage_MoreThanOnePage_ShowsSecondPageAndEnablesPrevious()
    {
        for (var i = 0; i < WorkflowsPage.PageSize + 5; i++)
        {
            Workflows.Runs.Add(Run($"order-{i}", 1));
        }
        var page = Render<WorkflowsPage>();

        page.FindAll("button").Single(b => b.TextContent == "Next page").Click();

        Assert.Equal(5, page.FindAll("[aria-label=Runs] tbody tr").Count);
        Assert.False(page.FindAll("button").Single(b => b.TextContent == "Previous page").HasAttribute("disabled"));
        Assert.True(page.FindAll("button").Single(b => b.TextContent == "Next page").HasAttribute("disabled"));
    }

    [Fact]
    public void Render_NoRuns_SaysSo()
    {
        var page = Render<WorkflowsPage>();

        Assert.Contains("No run matches this query.", page.Markup, StringComparison.Ordinal);
    }
}
