using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests.Retention;

/// <summary>The namespace retention's minimum (1 day, as in Temporal) on RegisterNamespace and UpdateNamespace.</summary>
public class NamespaceRetentionTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    [Fact]
    public async Task RegisterNamespace_RetentionUnderOneDay_InvalidArgumentAndNothingRegistered()
    {
        var name = NewId("ns");

        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.RegisterNamespaceAsync(new RegisterNamespaceRequest
        {
            Namespace = name,
            WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromHours(23)),
        }));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, refused.Code);
        Assert.Contains("frontend.namespaceMinRetention", refused.Message, StringComparison.Ordinal);
        var lookup = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = name }));
        Assert.Equal(RpcException.StatusCode.NotFound, lookup.Code);
    }

    [Fact]
    public async Task UpdateNamespace_RetentionUnderOneDay_InvalidArgumentAndRetentionKept()
    {
        var name = NewId("ns");
        await Client.WorkflowService.RegisterNamespaceAsync(new RegisterNamespaceRequest
        {
            Namespace = name,
            WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromDays(1)),
        });

        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.UpdateNamespaceAsync(new UpdateNamespaceRequest
        {
            Namespace = name,
            Config = new NamespaceConfig { WorkflowExecutionRetentionTtl = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)) },
        }));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, refused.Code);
        var described = await Client.WorkflowService.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = name });
        Assert.Equal(TimeSpan.FromDays(1), described.Config.WorkflowExecutionRetentionTtl.ToTimeSpan());
    }

    [Fact]
    public async Task RegisterNamespace_NoRetention_ThreeDays()
    {
        var name = NewId("ns");

        await Client.WorkflowService.RegisterNamespaceAsync(new RegisterNamespaceRequest { Namespace = name });

        var described = await Client.WorkflowService.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = name });
        Assert.Equal(TimeSpan.FromDays(3), described.Config.WorkflowExecutionRetentionTtl.ToTimeSpan());
    }
}
