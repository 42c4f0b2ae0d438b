using System.Net;
using System.Security.Cryptography.X509Certificates;
using Fencepost.ConsoleWeb.Hosting;
using Fencepost.Engine.Hosting;
using Fencepost.TestUtilities.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fencepost.ConsoleWeb.Browser.Tests;

/// <summary>The console over HTTPS (Fencepost:Console:Tls): served to a client trusting the CA, its cookies Secure, plain HTTP refused.</summary>
public sealed class ConsoleTlsTests : IAsyncLifetime
{
    private readonly TestCertificates _certificates = TestCertificates.Create("console");
    private WebApplication _app = null!;
    private int _port;

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
            ["Fencepost:Console:AdminPassword"] = "console-tls-tests",
            ["Fencepost:Console:Tls:CertificateFile"] = _certificates.ServerCertificateFile,
            ["Fencepost:Console:Tls:KeyFile"] = _certificates.ServerKeyFile,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddFencepostEngine();
        builder.AddConsole();
        _app = builder.Build();
        _app.MapConsole();
        _app.MapFencepostEngine();
        await _app.StartAsync();
        var frontend = _app.Services.GetRequiredService<IFrontendEndpoint>().Address.Port;
        _port = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(a => new Uri(a).Port).Single(p => p != frontend);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task SignInPage_OverHttpsTrustingTheCa_ServedWithSecureCookies()
    {
        using var ca = X509Certificate2.CreateFromPem(_certificates.CaPem);
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        using var https = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{_port}") };

        using var response = await https.GetAsync(new Uri("/signin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SignInPage_OverPlainHttp_Refused()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(30) };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("/signin", UriKind.Relative)));
    }
}
