using System.Diagnostics.Metrics;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Occ;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.Engine.Tests.Persistence.Embedded;

/// <summary>Builds embedded stores for tests: fast retries, a recording conflict sink.</summary>
internal static class EmbeddedStoreFactory
{
    private static readonly IMeterFactory Meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    public static OccRetryOptions FastRetries { get; } = new()
    {
        MaxRetries = 100,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(4),
    };

    public static EmbeddedPersistenceStore Create(TimeProvider? time = null, IConflictRecorder? conflicts = null, OccRetryOptions? retries = null, EmbeddedStoreOptions? options = null) =>
        new(new DsqlTransactionMetrics(Meters), conflicts ?? NullConflictRecorder.Instance, time ?? TimeProvider.System,
            () => retries ?? FastRetries, options ?? new EmbeddedStoreOptions());
}
