using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Tests.History;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ApiExecution = Temporalio.Api.Common.V1.WorkflowExecution;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace Fencepost.Engine.Tests.Frontend;

/// <summary>
/// A page of a long run's history costs a page, not the run: with the run out of the cache (as after a
/// restart, or for a run nobody touched lately), GetWorkflowExecutionHistory, its close-event filter
/// and GetWorkflowExecutionHistoryReverse read only the history nodes that hold the events they return.
/// </summary>
public sealed class HistoryPagingTests : IAsyncLifetime
{
    private const int Signals = 600;

    private WebApplication _app = null!;
    private CountingHistoryStore _history = null!;
    private TemporalClient _client = null!;
    private readonly string _workflowId = $"long-{Guid.NewGuid():N}";
    private long _events;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Fencepost:Frontend:Port", "0"),
            new("Fencepost:History:ShardCount", "1"),
            new("Fencepost:Store:Kind", "embedded"),
        ]);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IPersistenceStore>(sp =>
        {
            var store = new ExecutionsReplacedStore(sp.GetRequiredService<EmbeddedPersistenceStore>(), executions => executions,
                wrapHistory: history => new CountingHistoryStore(history));
            _history = (CountingHistoryStore)store.History;
            return store;
        });
        builder.AddFencepostEngine();
        _app = builder.Build();
        _app.MapFencepostEngine();
        await _app.StartAsync();
        _client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(_app.Services.GetRequiredService<IFrontendEndpoint>().Target) { Namespace = "default" });

        // No worker: the run waits on its first workflow task while the signals pile up, one history node each.
        var handle = await _client.StartWorkflowAsync("LongRun", [], new WorkflowOptions(_workflowId, $"tq-{Guid.NewGuid():N}"));
        for (var i = 0; i < Signals; i += 50)
        {
            await Task.WhenAll(Enumerable.Range(i, 50).Select(n => handle.SignalAsync("tick", [n])));
        }
        _events = (await handle.DescribeAsync()).HistoryLength;
        Assert.True(_events > Signals, $"the run should hold more than {Signals} events, it holds {_events}");
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task GetWorkflowExecutionHistory_RunNotCached_ReadsTheNodesOfEachPageOnly()
    {
        await ForgetCachedRunsAsync();

        var first = await PageAsync(ByteString.Empty, 100);
        var firstCost = _history.EventsRead;
        _history.Reset();
        var second = await PageAsync(first.NextPageToken, 100);

        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), first.History.Events.Select(e => e.EventId));
        Assert.Equal(Enumerable.Range(101, 100).Select(i => (long)i), second.History.Events.Select(e => e.EventId));
        Assert.InRange(firstCost, 100, 150);
        Assert.InRange(_history.EventsRead, 100, 150);
    }

    [Fact]
    public async Task GetWorkflowExecutionHistory_RunNotCachedWalkedInSmallPages_EveryEventOnceInOrder()
    {
        await ForgetCachedRunsAsync();

        var ids = new List<long>();
        var token = ByteString.Empty;
        do
        {
            var page = await PageAsync(token, 7);
            ids.AddRange(page.History.Events.Select(e => e.EventId));
            token = page.NextPageToken;
        }
        while (!token.IsEmpty);

        Assert.Equal(Enumerable.Range(1, (int)_events).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task GetWorkflowExecutionHistory_CloseEventOfAnUncachedRun_ReadsAroundTheCloseEventOnly()
    {
        await _client.GetWorkflowHandle(_workflowId).TerminateAsync("enough");
        await ForgetCachedRunsAsync();

        var close = await _client.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
        {
            Namespace = "default",
            Execution = new ApiExecution { WorkflowId = _workflowId },
            HistoryEventFilterType = HistoryEventFilterType.CloseEvent,
        });

        var closeEvent = Assert.Single(close.History.Events);
        Assert.Equal("enough", closeEvent.WorkflowExecutionTerminatedEventAttributes.Reason);
        Assert.InRange(_history.EventsRead, 1, 20);
    }

    [Fact]
    public async Task GetWorkflowExecutionHistoryReverse_RunNotCached_ReadsTheNodesOfThePageOnly()
    {
        await ForgetCachedRunsAsync();

        var page = await _client.WorkflowService.GetWorkflowExecutionHistoryReverseAsync(new GetWorkflowExecutionHistoryReverseRequest
        {
            Namespace = "default",
            Execution = new ApiExecution { WorkflowId = _workflowId },
            MaximumPageSize = 50,
        });

        Assert.Equal(Enumerable.Range(0, 50).Select(i => _events - i), page.History.Events.Select(e => e.EventId));
        Assert.InRange(_history.EventsRead, 50, 80);
    }

    private Task<GetWorkflowExecutionHistoryResponse> PageAsync(ByteString token, int size) =>
        _client.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
        {
            Namespace = "default",
            Execution = new ApiExecution { WorkflowId = _workflowId },
            MaximumPageSize = size,
            NextPageToken = token,
        });

    /// <summary>Drops every cached run (their histories with them) and zeroes the read count.</summary>
    private async Task ForgetCachedRunsAsync()
    {
        var shard = await _app.Services.GetRequiredService<ShardController>().GetShardAsync(0, CancellationToken.None);
        shard.Cache.Clear(ServiceErrorException.Unavailable("cache dropped by the test"));
        _history.Reset();
    }
}
