using System.Text.Json;

namespace Fencepost.Engine.TypeScriptSdk.Tests;

/// <summary>
/// The TypeScript SDK's connection options against an engine with auth and mutual TLS on:
/// <c>Connection.connect({ address, apiKey, tls: { serverRootCACertificate, clientCertPair } })</c>.
/// The .NET SDK's side is in Engine.Sdk.Tests/Security.
/// </summary>
public sealed class TypeScriptAuthTests(TypeScriptAuthFixture fixture) : IClassFixture<TypeScriptAuthFixture>
{
    private const int Unauthenticated = 16;
    private const int PermissionDenied = 7;

    [Fact]
    public void StartWorkflow_WriterKeyAndClientCertificate_StartsAndDescribes()
    {
        var writer = fixture.Probe("writer");

        Assert.True(writer.GetProperty("ok").GetBoolean(), Describe(writer));
        Assert.Equal("RUNNING", writer.GetProperty("status").GetString());
        Assert.Equal("authProbe", writer.GetProperty("workflowType").GetString());
    }

    [Fact]
    public void Connect_WrongApiKey_Unauthenticated()
    {
        var wrongKey = fixture.Probe("wrongKey");

        Assert.False(wrongKey.GetProperty("ok").GetBoolean(), Describe(wrongKey));
        Assert.Equal(Unauthenticated, wrongKey.GetProperty("code").GetInt32());
    }

    [Fact]
    public void StartWorkflow_ReadOnlyKey_PermissionDenied()
    {
        var reader = fixture.Probe("reader");

        Assert.False(reader.GetProperty("ok").GetBoolean(), Describe(reader));
        Assert.Equal(PermissionDenied, reader.GetProperty("code").GetInt32());
        Assert.Contains("write", reader.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_NoClientCertificate_RefusedBeforeAnyCall()
    {
        var withoutCertificate = fixture.Probe("noClientCertificate");

        Assert.False(withoutCertificate.GetProperty("ok").GetBoolean(), Describe(withoutCertificate));
        // Not a gRPC answer: the handshake failed, so the SDK never got to GetSystemInfo.
        Assert.False(withoutCertificate.TryGetProperty("code", out _), Describe(withoutCertificate));
        Assert.Contains("Failed to connect before the deadline", withoutCertificate.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private string Describe(JsonElement probe) => $"{probe}\nnode output:\n{fixture.Output}";
}
