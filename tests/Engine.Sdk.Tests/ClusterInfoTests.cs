using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>GetClusterInfo through the Temporalio client's raw WorkflowService.</summary>
public class ClusterInfoTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    protected virtual string ExpectedStore => "embedded";

    [Fact]
    public async Task GetClusterInfo_RunningEngine_DescribesClusterAndStore()
    {
        var info = await Client.WorkflowService.GetClusterInfoAsync(new GetClusterInfoRequest());

        Assert.Equal("active", info.ClusterName);
        Assert.True(Guid.TryParse(info.ClusterId, out _), $"cluster id '{info.ClusterId}' is a UUID");
        Assert.Equal(4, info.HistoryShardCount);
        Assert.Equal(ExpectedStore, info.PersistenceStore);
        Assert.Equal(ExpectedStore, info.VisibilityStore);
        Assert.False(string.IsNullOrEmpty(info.ServerVersion));
        Assert.Equal("<2.0.0", info.SupportedClients["temporal-go"]);
        Assert.Equal("<3.0.0", info.SupportedClients["temporal-ui"]);

        var again = await Client.WorkflowService.GetClusterInfoAsync(new GetClusterInfoRequest());
        Assert.Equal(info.ClusterId, again.ClusterId);
    }
}
