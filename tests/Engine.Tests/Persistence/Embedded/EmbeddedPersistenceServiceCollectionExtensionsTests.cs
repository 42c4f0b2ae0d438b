using System.Diagnostics.Metrics;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Tests.Persistence.Embedded;

public class EmbeddedPersistenceServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddEmbeddedPersistenceStore_Resolved_IsTheEmbeddedStoreWithoutPools()
    {
        await using var services = new ServiceCollection().AddEmbeddedPersistenceStore().BuildServiceProvider();

        var store = services.GetRequiredService<IPersistenceStore>();

        Assert.Equal("embedded", store.Kind);
        Assert.Same(services.GetRequiredService<EmbeddedPersistenceStore>(), store);
        Assert.Empty(store.GetPoolSnapshots());
    }

    [Fact]
    public async Task AddEmbeddedPersistenceStore_BindsCommitLatencyFromConfiguration()
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CommitLatency"] = "00:00:00.008" })
            .Build();
        await using var services = new ServiceCollection().AddEmbeddedPersistenceStore(section).BuildServiceProvider();

        Assert.Equal(TimeSpan.FromMilliseconds(8), services.GetRequiredService<IOptionsMonitor<EmbeddedStoreOptions>>().CurrentValue.CommitLatency);
    }

    [Fact]
    public async Task AddEmbeddedPersistenceStore_NegativeLatency_FailsValidationNamingTheSetting()
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CommitLatency"] = "-00:00:01" })
            .Build();
        await using var services = new ServiceCollection().AddEmbeddedPersistenceStore(section).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value);

        Assert.Contains("CommitLatency", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmbeddedPersistenceStore_AfterACommit_PublishesTheEmulatorCounters()
    {
        await using var services = new ServiceCollection().AddEmbeddedPersistenceStore().BuildServiceProvider();
        var store = services.GetRequiredService<IPersistenceStore>();
        await store.Shards.GetOrCreateShardAsync(1);
        var observed = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == EmbeddedStoreMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => observed[instrument.Name] = value);
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => observed[instrument.Name] = value);
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.Equal(1, observed["fencepost.embedded.commits"]);
        Assert.Equal(0, observed["fencepost.embedded.conflicts"]);
        Assert.Equal(0, observed["fencepost.embedded.open_transactions"]);
    }
}
