using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>
/// The product as the Docker image runs it: `dotnet publish` output started with `dotnet
/// Fencepost.ConsoleWeb.dll` from its own folder, in the default environment. Published, the static
/// web assets are files under wwwroot rather than the build's manifest, a second path that must serve
/// every script and stylesheet too.
/// </summary>
public sealed class PublishedOutputTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fencepost-publish-" + Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SignInPage_PublishedOutput_EveryReferencedAssetLoads()
    {
        await RunToEndAsync("dotnet", ConsoleAppFixture.RepositoryRoot(), "publish", "src/Console.Web/Console.Web.csproj", "-c", "Release", "--no-build", "-o", _folder);
        var log = new StringBuilder();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        // Free ports, so this can run beside the tests that hold the defaults.
        var consolePort = FreePort();
        foreach (var argument in (string[])["Fencepost.ConsoleWeb.dll", "--port", consolePort.ToString(CultureInfo.InvariantCulture), "--frontend-port", "0"])
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k == "DOTNET_ENVIRONMENT").ToList())
        {
            start.Environment.Remove(name);
        }
        using var product = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (log)
            {
                log.AppendLine(line);
            }
            if (line.Contains($"Now listening on: http://localhost:{consolePort}", StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri($"http://localhost:{consolePort}"));
            }
        }
        product.OutputDataReceived += (_, e) => Read(e.Data);
        product.ErrorDataReceived += (_, e) => Read(e.Data);
        product.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The published product exited before it listened:\n" + log));
        product.EnableRaisingEvents = true;
        product.BeginOutputReadLine();
        product.BeginErrorReadLine();
        try
        {
            var console = await listening.Task.WaitAsync(Patience);

            var broken = await SignInPageAssets.FindBrokenAsync(console);

            Assert.True(broken.Count == 0, "Assets that did not load from the published output:\n" + string.Join("\n", broken) + "\n\nLog:\n" + log);
        }
        finally
        {
            product.Kill(entireProcessTree: true);
            await product.WaitForExitAsync();
        }
    }

    private static async Task RunToEndAsync(string file, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(Patience).Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{await output}\n{await errors}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
