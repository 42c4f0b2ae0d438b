using Fencepost.ConsoleWeb.Hosting;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Fencepost.ConsoleWeb.Browser.Tests;

/// <summary>
/// The real console (engine on the embedded store, the console's own extension methods) on
/// 127.0.0.1 with free ports, in this process so tests can observe its services, plus Debian's
/// Chromium driven by Playwright.
/// </summary>
public sealed class ConsoleAppFixture : IAsyncLifetime
{
    public const string AdminPassword = "admin-password-for-tests";
    public const string OperatorPassword = "operator-password-for-tests";
    public const string ViewerPassword = "viewer-password-for-tests";

    private const float ExpectTimeoutMilliseconds = 30_000;

    private WebApplication? _app;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;
    public IDynamicConfig DynamicConfig => Services.GetRequiredService<IDynamicConfig>();

    public string BenchmarkRunsFolder { get; } = Path.Combine(Path.GetTempPath(), "fencepost-browser-bench-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Where screenshots go: artifacts/screenshots under the repository root.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        // Playwright's Expect gives up after 5 s by default. A Blazor Server page renders its live
        // parts only once its circuit is up (WebSocket, framework script, first render without
        // prerender), which on a loaded 2-core CI machine running every test project at once can
        // take longer. Expect polls, so a generous bound costs passing tests nothing.
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMilliseconds);
        var hasher = new PasswordHasher<object>();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ConsoleHostingExtensions).Assembly.GetName().Name,
            ContentRootPath = Path.Combine(RepositoryRoot(), "src", "Console.Web"),
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fencepost:Store:Kind"] = "embedded",
            ["Fencepost:Frontend:Port"] = "0",
            ["Fencepost:Console:Port"] = "0",
            ["Fencepost:Console:Address"] = "127.0.0.1",
            ["Fencepost:Console:Users:0:Name"] = "root",
            ["Fencepost:Console:Users:0:Role"] = "admin",
            ["Fencepost:Console:Users:0:PasswordHash"] = hasher.HashPassword(null!, AdminPassword),
            ["Fencepost:Console:Users:1:Name"] = "olga",
            ["Fencepost:Console:Users:1:Role"] = "operator",
            ["Fencepost:Console:Users:1:PasswordHash"] = hasher.HashPassword(null!, OperatorPassword),
            ["Fencepost:Console:Users:2:Name"] = "vera",
            ["Fencepost:Console:Users:2:Role"] = "viewer",
            ["Fencepost:Console:Users:2:PasswordHash"] = hasher.HashPassword(null!, ViewerPassword),
            // Benchmark runs started by tests stay out of the user's ~/.fencepost/benchmarks.
            ["Fencepost:Console:Benchmarks:RunsFolder"] = BenchmarkRunsFolder,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddFencepostEngine();
        builder.AddConsole();
        _app = builder.Build();
        _app.MapConsole();
        _app.MapFencepostEngine();
        await _app.StartAsync();

        var frontend = _app.Services.GetRequiredService<IFrontendEndpoint>().Address;
        var addresses = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.Select(a => new Uri(a)).Single(a => a.Port != frontend.Port).GetLeftPart(UriPartial.Authority));

        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (Directory.Exists(BenchmarkRunsFolder))
        {
            Directory.Delete(BenchmarkRunsFolder, recursive: true);
        }
    }

    /// <summary>A fresh browser context (own cookies) signed in as <paramref name="user"/>, and its console errors.</summary>
    public Task<(IPage Page, List<string> ConsoleErrors)> SignInAsync(string user, string password) =>
        ConsoleSignIn.SignInAsync(Browser, BaseAddress, user, password);

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Console.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Console.sln not found above " + AppContext.BaseDirectory);
    }
}
