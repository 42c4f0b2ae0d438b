using Fencepost.Engine.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.Engine.Tests.Security;

public sealed class ClusterStateAccessTests
{
    private const string Secret = "a-node-secret-of-some-length";
    private const string AdminKey = "cluster-admin-key-0123456789";
    private const string ReaderKey = "namespace-reader-key-0123456789";

    [Fact]
    public async Task CheckAsync_NoAuthNoSecret_OpenAsBefore() =>
        Assert.Equal(200, await ClusterStateAccess.CheckAsync(Request([])));

    [Fact]
    public async Task CheckAsync_SecretConfiguredAnonymous_Unauthorized() =>
        Assert.Equal(401, await ClusterStateAccess.CheckAsync(Request(new() { ["Fencepost:Auth:NodeSecret"] = Secret })));

    [Fact]
    public async Task CheckAsync_PeerWithTheNodeCredential_Allowed()
    {
        var http = Request(new() { ["Fencepost:Auth:NodeSecret"] = Secret });
        http.Request.Headers[NodeCredential.Header] = NodeCredential.Create(Secret, TimeProvider.System.GetUtcNow());

        Assert.Equal(200, await ClusterStateAccess.CheckAsync(http));
    }

    [Theory]
    [InlineData(AdminKey, 200)]
    [InlineData(ReaderKey, 403)]
    [InlineData("no-such-key-anywhere-at-all", 401)]
    public async Task CheckAsync_AuthOnBearerToken_OnlyClusterAdmins(string key, int expected)
    {
        var http = Request(new()
        {
            ["Fencepost:Auth:Enabled"] = "true",
            ["Fencepost:Auth:NodeSecret"] = Secret,
            ["Fencepost:Auth:ApiKeys:0:Name"] = "ops",
            ["Fencepost:Auth:ApiKeys:0:Key"] = AdminKey,
            ["Fencepost:Auth:ApiKeys:0:Permissions:0"] = "system:admin",
            ["Fencepost:Auth:ApiKeys:1:Name"] = "reader",
            ["Fencepost:Auth:ApiKeys:1:Key"] = ReaderKey,
            ["Fencepost:Auth:ApiKeys:1:Permissions:0"] = "default:read",
        });
        http.Request.Headers.Authorization = "Bearer " + key;

        Assert.Equal(expected, await ClusterStateAccess.CheckAsync(http));
    }

    private static DefaultHttpContext Request(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddFrontendSecurity(configuration).BuildServiceProvider();
        return new DefaultHttpContext { RequestServices = services };
    }
}
