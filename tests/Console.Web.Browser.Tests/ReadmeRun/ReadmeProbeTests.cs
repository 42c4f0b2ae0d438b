using System.Diagnostics;
using System.Net;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>The probes platforms ask, answered by the product as the README runs it: alive, and ready with every check's reason.</summary>
[Collection(ReadmeRunCollection.Name)]
public sealed class ReadmeProbeTests(ReadmeProductFixture fixture) : IClassFixture<ReadmeProductFixture>
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Probe_ReadmeRunCommand_Answers200Healthy(string path)
    {
        using var http = new HttpClient { BaseAddress = ReadmeProcess.ConsoleAddress };

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}\n\n{fixture.Product.Log}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        if (path == "/readyz")
        {
            var checks = json.RootElement.GetProperty("checks");
            Assert.Equal(["history-shards", "host", "store"], checks.EnumerateObject().Select(c => c.Name).Order());
        }
    }

    /// <summary>docker-compose.yml's health check, run as Docker runs it, against the product (which listens on the same 8080).</summary>
    [Fact]
    public async Task ComposeHealthcheck_AgainstTheRunningProduct_Succeeds()
    {
        var test = ComposeHealthcheck();
        Assert.Equal("CMD", test[0]);
        var start = new ProcessStartInfo(test[1]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in test.Skip(2))
        {
            start.ArgumentList.Add(argument);
        }

        using var check = Process.Start(start)!;
        await check.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.True(check.ExitCode == 0, $"exit {check.ExitCode}: {await check.StandardError.ReadToEndAsync()}");
    }

    private static List<string> ComposeHealthcheck()
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(ConsoleAppFixture.RepositoryRoot(), "docker-compose.yml")));
        var document = (Dictionary<object, object>)new DeserializerBuilder().Build().Deserialize(new MergingParser(new Parser(reader)))!;
        var services = (Dictionary<object, object>)document["services"];
        var healthcheck = (Dictionary<object, object>)((Dictionary<object, object>)services["history-1"])["healthcheck"];
        return [.. ((List<object>)healthcheck["test"]).Select(t => t.ToString()!)];
    }
}
