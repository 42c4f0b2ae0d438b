using System.Text.Json;
using Fencepost.TestUtilities.Tls;

namespace Fencepost.Engine.TypeScriptSdk.Tests;

/// <summary>
/// An engine with auth on (a writer's and a reader's API key for "default") and mutual TLS on the
/// SDKs' port, and one run of ts/src/auth/probe.ts against it; the tests read what each probe saw.
/// </summary>
public sealed class TypeScriptAuthFixture : IAsyncLifetime
{
    public const string WriterKey = "ts-writer-key-for-auth-tests-01";
    public const string ReaderKey = "ts-reader-key-for-auth-tests-02";
    private const string ResultsMarker = "FENCEPOST_AUTH_RESULTS ";

    private readonly TestCertificates _certificates = TestCertificates.Create("ts-auth");
    private InProcessEngine? _engine;
    private JsonDocument? _results;

    /// <summary>What node printed, for a failure's message.</summary>
    public string Output { get; private set; } = "";

    /// <summary>One probe's outcome (ok, code, message...), as probe.ts printed it.</summary>
    public JsonElement Probe(string name)
    {
        Assert.True(_results is not null, $"probe.ts printed no results:\n{Output}");
        return _results.RootElement.GetProperty(name);
    }

    public async Task InitializeAsync()
    {
        await TypeScriptProject.BuildAsync();
        _engine = await InProcessEngine.StartAsync([
            new("Fencepost:Store:Kind", "embedded"),
            new("Fencepost:Auth:Enabled", "true"),
            new("Fencepost:Auth:ApiKeys:0:Name", "ts-writer"),
            new("Fencepost:Auth:ApiKeys:0:Key", WriterKey),
            new("Fencepost:Auth:ApiKeys:0:Permissions:0", "default:write"),
            new("Fencepost:Auth:ApiKeys:1:Name", "ts-reader"),
            new("Fencepost:Auth:ApiKeys:1:Key", ReaderKey),
            new("Fencepost:Auth:ApiKeys:1:Permissions:0", "default:read"),
            new("Fencepost:Frontend:Tls:CertificateFile", _certificates.ServerCertificateFile),
            new("Fencepost:Frontend:Tls:KeyFile", _certificates.ServerKeyFile),
            new("Fencepost:Frontend:Tls:ClientCaFile", _certificates.CaFile),
        ]);
        var run = await NodeProcess.RunAsync(TypeScriptProject.Root, ["dist/auth/probe.js"],
            new Dictionary<string, string>
            {
                ["FENCEPOST_ADDRESS"] = _engine.PublicTarget,
                ["FENCEPOST_CA_FILE"] = _certificates.CaFile,
                ["FENCEPOST_CLIENT_CERT_FILE"] = _certificates.ClientCertificateFile,
                ["FENCEPOST_CLIENT_KEY_FILE"] = _certificates.ClientKeyFile,
                ["FENCEPOST_WRITER_KEY"] = WriterKey,
                ["FENCEPOST_READER_KEY"] = ReaderKey,
            },
            TimeSpan.FromMinutes(2));
        Output = run.Output;
        var line = run.Output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultsMarker, StringComparison.Ordinal));
        _results = line is null ? null : JsonDocument.Parse(line[ResultsMarker.Length..]);
    }

    public async Task DisposeAsync()
    {
        _results?.Dispose();
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
        _certificates.Dispose();
    }
}
