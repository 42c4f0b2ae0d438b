using System.Security.Cryptography;
using Fencepost.Engine.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Temporalio.Client;

namespace Fencepost.Engine.Sdk.Tests.Security;

/// <summary>
/// An engine with auth on: API keys for a writer, a reader, a writer of another namespace and a
/// cluster admin, a JWT signing secret, and a node secret. Clients connect as one of them.
/// </summary>
public sealed class AuthEngineFixture : IAsyncLifetime
{
    public const string WriterKey = "writer-key-for-auth-tests-0001";
    public const string ReaderKey = "reader-key-for-auth-tests-0002";
    public const string OtherNamespaceKey = "other-ns-key-for-auth-tests-03";
    public const string AdminKey = "admin-key-for-auth-tests-00004";
    public const string NodeSecret = "node-secret-for-auth-tests-0005";

    private static readonly byte[] JwtSecret = RandomNumberGenerator.GetBytes(32);
    private WebApplication? _app;

    public IServiceProvider Services => _app!.Services;

    public string Target => Services.GetRequiredService<IFrontendEndpoint>().Target;

    public async Task InitializeAsync()
    {
        _app = await EngineFixture.StartAppAsync([
            new("Fencepost:Store:Kind", "embedded"),
            new("Fencepost:Auth:Enabled", "true"),
            new("Fencepost:Auth:NodeSecret", NodeSecret),
            new("Fencepost:Auth:Jwt:HmacKeys:0", Convert.ToBase64String(JwtSecret)),
            .. ApiKey(0, "writer", WriterKey, "default:write"),
            .. ApiKey(1, "reader", ReaderKey, "default:read"),
            .. ApiKey(2, "other", OtherNamespaceKey, "other:write"),
            .. ApiKey(3, "admin", AdminKey, "system:admin"),
        ]);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await EngineFixture.StopEngineAsync(_app);
        }
    }

    /// <summary>
    /// Connects as the SDK's API key option does. The SDK turns TLS on by itself when an API key is
    /// set; this frontend speaks plaintext, so the test says so (TLS has its own tests).
    /// </summary>
    public Task<TemporalClient> ConnectAsync(string? apiKey) =>
        TemporalClient.ConnectAsync(new TemporalClientConnectOptions(Target)
        {
            Namespace = "default",
            ApiKey = apiKey,
            Tls = apiKey is null ? null : new TlsOptions { Disabled = true },
        });

    /// <summary>A JWT signed with the engine's configured secret, with Temporal's permissions claim.</summary>
    public static string Jwt(string[] permissions, DateTime? expires = null, byte[]? secret = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", "jwt-user")]),
            Claims = new Dictionary<string, object> { ["permissions"] = permissions },
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddHours(-1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(secret ?? JwtSecret), SecurityAlgorithms.HmacSha256),
        });

    private static KeyValuePair<string, string?>[] ApiKey(int index, string name, string key, string permission) =>
    [
        new($"Fencepost:Auth:ApiKeys:{index}:Name", name),
        new($"Fencepost:Auth:ApiKeys:{index}:Key", key),
        new($"Fencepost:Auth:ApiKeys:{index}:Permissions:0", permission),
    ];
}
