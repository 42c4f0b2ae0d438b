using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Tests.Persistence.Conformance;

/// <summary>
/// What a conformance test hands the store it creates: the OCC runner's dependencies, with a
/// conflict recorder the test can read and retry options the test can change while it runs.
/// </summary>
public sealed class StoreTestContext : IDisposable
{
    private readonly ServiceProvider _services;

    public StoreTestContext()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
        Metrics = new DsqlTransactionMetrics(MeterFactory);
    }

    public IMeterFactory MeterFactory { get; }

    public DsqlTransactionMetrics Metrics { get; }

    public RecordingConflictRecorder Conflicts { get; } = new();

    public TimeProvider Time { get; } = TimeProvider.System;

    /// <summary>Short backoffs so conflict tests finish quickly; tests may replace them.</summary>
    public OccRetryOptions Retry { get; set; } = new()
    {
        MaxRetries = 20,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(20),
    };

    /// <summary>Pass this to the store: it reads <see cref="Retry"/> on every transaction.</summary>
    public Func<OccRetryOptions> RetryOptions => () => Retry;

    /// <summary>An initialized PostgreSQL store wired to this context, with its own named pool.</summary>
    public async Task<PostgresPersistenceStore> CreatePostgresStoreAsync(string connectionString, int maxPoolSize, string poolPrefix)
    {
        var options = new PostgresStoreOptions
        {
            ConnectionString = connectionString,
            MaxPoolSize = maxPoolSize,
            PoolName = $"{poolPrefix}-{Guid.NewGuid():N}",
        };
        var store = new PostgresPersistenceStore(Options.Create(options), RetryOptions, Metrics, Conflicts, MeterFactory, Time, NullLoggerFactory.Instance);
        await store.InitializeAsync();
        return store;
    }

    public void Dispose() => _services.Dispose();
}

/// <summary>Keeps every conflict observation so tests can assert that retries happened and were attributed.</summary>
public sealed class RecordingConflictRecorder : IConflictRecorder
{
    private readonly ConcurrentQueue<ConflictObservation> _observations = new();

    public IReadOnlyCollection<ConflictObservation> Observations => _observations;

    public void Record(ConflictObservation observation) => _observations.Enqueue(observation);
}
