using Fencepost.Benchmarks.Driver;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Benchmarks.Calibration;

/// <summary>
/// Measures the store's single-row commit rate through the real <see cref="IPersistenceStore"/>:
/// each writer upserts its own cluster-membership row in a loop (one transaction per upsert, no
/// contention between writers). The rows are written already expired, so no host ever mistakes a
/// probe for a live peer, and are pruned afterwards.
/// </summary>
public sealed class StoreCalibrationProbe(IPersistenceStore store, TimeProvider time) : IStoreCalibration
{
    public const string HostIdPrefix = "fencepost-calibration-probe-";

    public async Task<StoreCalibrationResult> CalibrateAsync(int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var session = Guid.NewGuid().ToString("N")[..8];
        long commits = 0;
        long errors = 0;
        var started = time.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);

        async Task WriteAsync(int writer)
        {
            var hostId = $"{HostIdPrefix}{session}-{writer}";
            while (!stop.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                try
                {
                    await store.Cluster.UpsertMembershipAsync(
                        new MembershipRecord(hostId, "probe", "calibration", now, now, now.AddSeconds(-1)), stop.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref commits);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (PersistenceException)
                {
                    // Counted, not fatal: the rate is what the store managed, errors are reported next to it.
                    Interlocked.Increment(ref errors);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(WriteAsync)).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started);
        cancellationToken.ThrowIfCancellationRequested();
        // The probe rows expired when written; pruning removes them (and any other host's long-expired rows, as the engine would).
        await store.Cluster.PruneMembersAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new StoreCalibrationResult($"{store.Kind}: single-row membership upserts", concurrency, elapsed, commits, errors);
    }
}
