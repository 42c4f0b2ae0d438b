using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Hosting;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Engine.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Fencepost.ConsoleWeb.Browser.Tests;

/// <summary>
/// The read-only switch held at the frontend, not only in the console's pages: with auth on, a
/// write the console's own client sends (as a page or a bug might) is refused while it is on.
/// </summary>
public sealed class ReadOnlyFrontendTests : IAsyncLifetime
{
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ConsoleHostingExtensions).Assembly.GetName().Name,
            ContentRootPath = Path.Combine(ConsoleAppFixture.RepositoryRoot(), "src", "Console.Web"),
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fencepost:Store:Kind"] = "embedded",
            ["Fencepost:Frontend:Port"] = "0",
            ["Fencepost:Console:Port"] = "0",
            ["Fencepost:Console:Address"] = "127.0.0.1",
            ["Fencepost:Console:AdminPassword"] = "read-only-frontend-tests",
            ["Fencepost:Auth:Enabled"] = "true",
            ["Fencepost:Auth:ApiKeys:0:Name"] = "ops",
            ["Fencepost:Auth:ApiKeys:0:Key"] = "ops-key-for-read-only-tests",
            ["Fencepost:Auth:ApiKeys:0:Permissions:0"] = "system:admin",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddFencepostEngine();
        builder.AddConsole();
        _app = builder.Build();
        _app.MapConsole();
        _app.MapFencepostEngine();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ConsoleWrite_WhileReadOnly_RefusedByTheFrontendAndAllowedAfter()
    {
        var console = await _app.Services.GetRequiredService<FrontendClient>().GetAsync();
        var readOnly = _app.Services.GetRequiredService<ReadOnlyMode>();
        var options = new WorkflowOptions("read-only-" + Guid.NewGuid().ToString("N")[..8], "nobody-polls");

        readOnly.Set(true);
        var refused = await Assert.ThrowsAsync<RpcException>(() => console.StartWorkflowAsync("AnyWorkflow", [], options));
        Assert.Equal(RpcException.StatusCode.PermissionDenied, refused.Code);
        Assert.Contains("read-only", refused.Message, StringComparison.Ordinal);

        // Reads still work while the switch is on.
        await console.CountWorkflowsAsync("WorkflowType = 'AnyWorkflow'");
        readOnly.Set(false);
        var handle = await console.StartWorkflowAsync("AnyWorkflow", [], options);
        await handle.TerminateAsync("test done");
    }
}
