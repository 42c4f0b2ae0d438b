using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Engine.Persistence.Model;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class NamespacesPageTests : ConsoleTestContext
{
    [Fact]
    public void Render_TwoNamespaces_ListsNameStateRetentionAndDescription()
    {
        SignIn("vera", ConsoleRole.Viewer);
        Namespaces.Rows.Add(new NamespaceRow("default", "Registered", TimeSpan.FromDays(3), "The default namespace.", ""));
        Namespaces.Rows.Add(new NamespaceRow("orders", "Registered", TimeSpan.FromHours(36), "Order processing", "ops@example.com"));

        var page = Render<NamespacesPage>();

        var rows = page.FindAll("[aria-label=Namespaces] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("3 days", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("The default namespace.", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("1 day 12 h", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("ops@example.com", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_StoreFails_SaysSo()
    {
        SignIn("vera", ConsoleRole.Viewer);
        Namespaces.Failure = new TimeoutException("the store did not answer");

        var page = Render<NamespacesPage>();

        Assert.Contains("the store did not answer", page.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void RowOf_StoredNamespace_RetentionAndStateFromItsDescription()
    {
        var description = new DescribeNamespaceResponse
        {
            NamespaceInfo = new NamespaceInfo { Name = "orders", Id = Guid.NewGuid().ToString(), State = NamespaceState.Registered, Description = "Order processing", OwnerEmail = "ops@example.com" },
            Config = new NamespaceConfig { WorkflowExecutionRetentionTtl = Duration.FromTimeSpan(TimeSpan.FromMinutes(17)) },
        };

        var row = StoreNamespaceSource.RowOf(new NamespaceRecord(Guid.Parse(description.NamespaceInfo.Id), "orders", 1, description.ToByteArray()));

        Assert.Equal(new NamespaceRow("orders", "Registered", TimeSpan.FromMinutes(17), "Order processing", "ops@example.com"), row);
        Assert.Equal("17 min", NamespacesPage.RetentionText(row.Retention));
    }
}
