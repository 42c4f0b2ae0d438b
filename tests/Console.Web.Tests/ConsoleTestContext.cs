using Bunit;
using Bunit.TestDoubles;
using Fencepost.ConsoleWeb.Configuration;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Introspection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace Fencepost.ConsoleWeb.Tests;

/// <summary>A bUnit context with the console's services over fakes, signed in with a chosen role.</summary>
public class ConsoleTestContext : BunitContext, IAsyncLifetime
{
    public ConsoleTestContext()
    {
        // bUnit's WaitFor* give up after 1 s by default. What they wait for (a render after a fake
        // store's continuation, a config change event) runs on the thread pool, which a loaded CI
        // machine running every test project at once can starve for longer than that. The wait ends
        // as soon as the assertion passes, so a generous bound costs passing tests nothing.
        DefaultWaitTimeout = TimeSpan.FromSeconds(30);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Options = new ConsoleOptions { AdminPassword = "test-admin-password" };
        Services.AddMudServices();
        Services.AddSingleton<IOptions<ConsoleOptions>>(Microsoft.Extensions.Options.Options.Create(Options));
        Services.AddSingleton<IOptionsMonitor<ConsoleOptions>>(new StaticOptionsMonitor<ConsoleOptions>(Options));
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(ReadOnly);
        Services.AddSingleton<ConsolePermissions>();
        Services.AddSingleton<ReadOnlySwitch>();
        Services.AddSingleton<IStoreInfo>(StoreInfo);
        Services.AddSingleton<IShardSource>(Shards);
        Services.AddSingleton<IConnectionPoolSource>(Pools);
        Services.AddSingleton<ITaskQueueSource>(TaskQueues);
        Services.AddSingleton<IWorkflowSearch>(Workflows);
        Services.AddSingleton<IWorkflowDetails>(WorkflowDetails);
        Services.AddSingleton<IWorkflowDiagnostics>(Diagnostics);
        Services.AddSingleton<IScheduleSource>(Schedules);
        Services.AddSingleton(Registry);
        Services.AddSingleton(Config);
        Services.AddSingleton<IDynamicConfig>(Config);
        Services.AddSingleton<DynamicConfigService>();
        Services.AddSingleton(sp => new ConsoleUserDirectory(sp.GetRequiredService<IOptions<ConsoleOptions>>(), NullLogger<ConsoleUserDirectory>.Instance));
        Auth = AddAuthorization();
    }

    public ConsoleOptions Options { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 16, 0, 0, TimeSpan.Zero));
    public ReadOnlyMode ReadOnly => _readOnly ??= new ReadOnlyMode(Microsoft.Extensions.Options.Options.Create(Options));
    public FakeStoreInfo StoreInfo { get; } = new(new StoreDescription("embedded", LosesDataOnExit: true));
    public FakeShardSource Shards { get; } = new();
    public FakeConnectionPoolSource Pools { get; } = new();
    public FakeTaskQueueSource TaskQueues { get; } = new();
    public FakeWorkflowSearch Workflows { get; } = new();
    public FakeWorkflowDetails WorkflowDetails { get; } = new();
    public FakeWorkflowDiagnostics Diagnostics { get; } = new();
    public FakeScheduleSource Schedules { get; } = new();
    public FakeDynamicConfigStore ConfigStore { get; } = new();
    public DynamicConfigRegistry Registry { get; } = TestKeys.Registry();
    public PersistedDynamicConfig Config => _config ??= new PersistedDynamicConfig(ConfigStore, Registry, Time, NullLogger<PersistedDynamicConfig>.Instance);
    public BunitAuthorizationContext Auth { get; }

    private ReadOnlyMode? _readOnly;
    private PersistedDynamicConfig? _config;

    // MudBlazor's services are only asynchronously disposable; xunit calls this before Dispose.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public void SignIn(string name, ConsoleRole role)
    {
        Auth.SetAuthorized(name);
        Auth.SetRoles([.. ConsoleRoles.ClaimsFor(role).Select(c => c.Value)]);
    }
}
