using System.Text;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Sdk.Tests.Workflows;
using Fencepost.TestUtilities.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Engine.Sdk.Tests.Security;

/// <summary>
/// TLS and mutual TLS on the SDKs' port, as the real .NET SDK connects: certificates from PEM files,
/// client certificates checked against the configured CA, and a renewed certificate taken without a restart.
/// </summary>
public sealed class FrontendTlsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TestCertificates _certificates = TestCertificates.Create("frontend");
    private readonly TestCertificates _otherCa = TestCertificates.Create("other");

    public void Dispose()
    {
        _certificates.Dispose();
        _otherCa.Dispose();
    }

    [Fact]
    public async Task Workflow_TlsClientTrustingTheCa_RunsAndAPlaintextClientCannotConnect()
    {
        await using var app = await StartAsync(mutual: false);
        var target = app.Services.GetRequiredService<IFrontendEndpoint>().PublicTarget;

        var result = await RunGreetingAsync(await ConnectAsync(target, Tls(_certificates)));
        var plaintext = await Assert.ThrowsAsync<InvalidOperationException>(() => ConnectAsync(target, tls: null));

        Assert.Equal("Hello, tls!", result);
        Assert.Contains("Connection failed", plaintext.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MutualTls_ClientCertificateFromTheCaOnly()
    {
        await using var app = await StartAsync(mutual: true);
        var target = app.Services.GetRequiredService<IFrontendEndpoint>().PublicTarget;

        var result = await RunGreetingAsync(await ConnectAsync(target, Tls(_certificates, clientFrom: _certificates)));
        var withoutCertificate = await Assert.ThrowsAsync<InvalidOperationException>(() => ConnectAsync(target, Tls(_certificates)));
        var foreignCertificate = await Assert.ThrowsAsync<InvalidOperationException>(() => ConnectAsync(target, Tls(_certificates, clientFrom: _otherCa)));

        Assert.Equal("Hello, tls!", result);
        Assert.Contains("Connection failed", withoutCertificate.Message, StringComparison.Ordinal);
        Assert.Contains("Connection failed", foreignCertificate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenewedCertificate_NewConnectionsGetItWithoutARestart()
    {
        await using var app = await StartAsync(mutual: false);
        var target = app.Services.GetRequiredService<IFrontendEndpoint>().PublicTarget;
        await ConnectAsync(target, Tls(_certificates));

        _certificates.ReplaceServerCertificateWith(_otherCa);
        // The files are checked at most every two seconds; a client trusting the new CA gets through once they are.
        var renewed = await ConnectWithinAsync(target, Tls(_otherCa), TimeSpan.FromSeconds(20));
        var oldTrust = await Assert.ThrowsAsync<InvalidOperationException>(() => ConnectAsync(target, Tls(_certificates)));

        Assert.NotNull(renewed);
        Assert.Contains("Connection failed", oldTrust.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyOverTls_AsTheSdkSendsItByDefault_Authorized()
    {
        await using var app = await StartAsync(mutual: false, auth: true);
        var target = app.Services.GetRequiredService<IFrontendEndpoint>().PublicTarget;
        var options = new TemporalClientConnectOptions(target) { Namespace = "default", ApiKey = AuthEngineFixture.WriterKey, Tls = Tls(_certificates) };

        var result = await RunGreetingAsync(await TemporalClient.ConnectAsync(options));

        Assert.Equal("Hello, tls!", result);
    }

    private async Task<WebApplication> StartAsync(bool mutual, bool auth = false) =>
        await EngineFixture.StartAppAsync([
            new("Fencepost:Store:Kind", "embedded"),
            new("Fencepost:Frontend:Tls:CertificateFile", _certificates.ServerCertificateFile),
            new("Fencepost:Frontend:Tls:KeyFile", _certificates.ServerKeyFile),
            .. mutual ? [new KeyValuePair<string, string?>("Fencepost:Frontend:Tls:ClientCaFile", _certificates.CaFile)] : Array.Empty<KeyValuePair<string, string?>>(),
            .. auth
                ? [new KeyValuePair<string, string?>("Fencepost:Auth:Enabled", "true"), new("Fencepost:Auth:ApiKeys:0:Name", "writer"),
                   new("Fencepost:Auth:ApiKeys:0:Key", AuthEngineFixture.WriterKey), new("Fencepost:Auth:ApiKeys:0:Permissions:0", "default:write")]
                : Array.Empty<KeyValuePair<string, string?>>(),
        ]);

    private static TlsOptions Tls(TestCertificates trust, TestCertificates? clientFrom = null) => new()
    {
        ServerRootCACert = Encoding.ASCII.GetBytes(trust.CaPem),
        Domain = "localhost",
        ClientCert = clientFrom is null ? null : Encoding.ASCII.GetBytes(clientFrom.ClientCertificatePem),
        ClientPrivateKey = clientFrom is null ? null : Encoding.ASCII.GetBytes(clientFrom.ClientKeyPem),
    };

    private static Task<TemporalClient> ConnectAsync(string target, TlsOptions? tls) =>
        TemporalClient.ConnectAsync(new TemporalClientConnectOptions(target) { Namespace = "default", Tls = tls });

    private static async Task<TemporalClient?> ConnectWithinAsync(string target, TlsOptions tls, TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        while (true)
        {
            try
            {
                return await ConnectAsync(target, tls);
            }
            catch (InvalidOperationException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(250, deadline.Token);
            }
        }
    }

    private static async Task<string> RunGreetingAsync(TemporalClient client)
    {
        var queue = $"tls-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<GreetingWorkflow>());
        return await worker.ExecuteAsync(() =>
            client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("tls"), new(id: $"tls-{Guid.NewGuid():N}", taskQueue: queue)).WaitAsync(Timeout));
    }
}
