using Fencepost.Engine.Security;

namespace Fencepost.Engine.Tests.Security;

public sealed class CallerPermissionsTests
{
    [Fact]
    public void LevelIn_SystemGrant_AppliesToEveryNamespaceAndTheHigherWins()
    {
        var permissions = CallerPermissions.Parse(["system:read", "orders:write", "default:worker"]);

        Assert.Equal(AccessLevel.Write, permissions.LevelIn("orders"));
        Assert.Equal(AccessLevel.Write, permissions.LevelIn("default"));
        Assert.Equal(AccessLevel.Read, permissions.LevelIn("billing"));
        Assert.False(permissions.IsClusterAdmin);
    }

    [Fact]
    public void Parse_MalformedEntries_AreIgnoredNotWidened()
    {
        var permissions = CallerPermissions.Parse(["orders", "orders:owner", ":admin", "system:"]);

        Assert.Null(permissions.LevelIn("orders"));
        Assert.False(permissions.IsClusterAdmin);
        Assert.False(CallerPermissions.IsWellFormed("orders:owner"));
        Assert.True(CallerPermissions.IsWellFormed("system:admin"));
    }

    [Fact]
    public void IsClusterAdmin_OnlySystemAdmin()
    {
        Assert.True(CallerPermissions.Parse(["system:admin"]).IsClusterAdmin);
        Assert.False(CallerPermissions.Parse(["default:admin", "system:write"]).IsClusterAdmin);
    }
}
