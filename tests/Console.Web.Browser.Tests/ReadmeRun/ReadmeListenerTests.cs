using System.Net;

namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>
/// Each listener of the product as the README runs it serves only its own routes: the console's
/// pages, sign-in, hub and metrics are not answered over HTTP/2 on the SDK port.
/// </summary>
[Collection(ReadmeRunCollection.Name)]
public sealed class ReadmeListenerTests(ReadmeProductFixture fixture) : IClassFixture<ReadmeProductFixture>
{
    [Theory]
    [InlineData("/signin")]
    [InlineData("/metrics")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task ConsoleRoute_OnTheSdkPort_NotFound(string path)
    {
        using var frontend = new HttpClient { BaseAddress = new Uri($"http://{ReadmeProcess.FrontendTarget}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await frontend.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{(int)response.StatusCode} for {path} on the SDK port\n\n{fixture.Product.Log}");
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/metrics")]
    public async Task ConsoleRoute_OnTheConsolePort_Served(string path)
    {
        using var console = new HttpClient { BaseAddress = ReadmeProcess.ConsoleAddress };

        using var response = await console.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
