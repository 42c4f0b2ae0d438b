using Fencepost.Benchmarks.Driver;
using Fencepost.Diagnostics.Persistence;

namespace Fencepost.Benchmarks.Tests.Driver;

public class PersistenceActivityListenerTests
{
    [Fact]
    public void Read_TransactionsConflictsRetries_CountedPerOperation()
    {
        using var factory = new TestMeterFactory();
        var metrics = new DsqlTransactionMetrics(factory);
        using var listener = new PersistenceActivityListener(factory);
        var operation = $"Op{Guid.NewGuid():N}";

        metrics.RecordTransaction("embedded", operation, TimeSpan.FromMilliseconds(2), succeeded: true);
        metrics.RecordTransaction("embedded", operation, TimeSpan.FromMilliseconds(4), succeeded: true);
        metrics.RecordTransaction("embedded", "Other", TimeSpan.FromMilliseconds(1), succeeded: true);
        metrics.RecordTransaction("embedded", operation, TimeSpan.FromMilliseconds(9), succeeded: false);
        metrics.RecordConflict("embedded", operation);
        metrics.RecordConflict("embedded", operation);
        metrics.RecordRetry("embedded", operation, TimeSpan.FromMilliseconds(5));

        var activity = listener.Read();

        Assert.Equal(3, activity.Transactions);
        Assert.Equal(1, activity.FailedTransactions);
        Assert.Equal(2, activity.Conflicts);
        Assert.Equal(1, activity.Retries);
        var op = activity.ByOperation.Single(o => o.Operation == operation);
        Assert.Equal(2, op.Transactions);
        Assert.InRange(op.MeanMilliseconds!.Value, 2.99, 3.01);
    }

    [Fact]
    public void Read_AnotherHostsMeters_Ignored()
    {
        using var mine = new TestMeterFactory();
        using var theirs = new TestMeterFactory();
        var myMetrics = new DsqlTransactionMetrics(mine);
        var theirMetrics = new DsqlTransactionMetrics(theirs);
        using var listener = new PersistenceActivityListener(mine);

        myMetrics.RecordTransaction("embedded", "Mine", TimeSpan.FromMilliseconds(1), succeeded: true);
        theirMetrics.RecordTransaction("embedded", "Theirs", TimeSpan.FromMilliseconds(1), succeeded: true);
        theirMetrics.RecordConflict("embedded", "Theirs");

        var activity = listener.Read();
        Assert.Equal(1, activity.Transactions);
        Assert.Equal(0, activity.Conflicts);
        Assert.Equal(["Mine"], activity.ByOperation.Select(o => o.Operation));
    }

    [Fact]
    public void Since_TwoReadings_ReturnsOnlyTheWindowsWork()
    {
        using var factory = new TestMeterFactory();
        var metrics = new DsqlTransactionMetrics(factory);
        using var listener = new PersistenceActivityListener(factory);
        metrics.RecordTransaction("embedded", "Before", TimeSpan.FromMilliseconds(1), succeeded: true);
        metrics.RecordTransaction("embedded", "Both", TimeSpan.FromMilliseconds(1), succeeded: true);
        var before = listener.Read();

        metrics.RecordTransaction("embedded", "Both", TimeSpan.FromMilliseconds(3), succeeded: true);
        metrics.RecordTransaction("embedded", "After", TimeSpan.FromMilliseconds(1), succeeded: true);
        metrics.RecordConflict("embedded", "After");
        var window = listener.Read().Since(before);

        Assert.Equal(2, window.Transactions);
        Assert.Equal(1, window.Conflicts);
        Assert.Equal(["After", "Both"], window.ByOperation.Select(o => o.Operation).Order(StringComparer.Ordinal));
        Assert.InRange(window.ByOperation.Single(o => o.Operation == "Both").MeanMilliseconds!.Value, 2.99, 3.01);
    }
}
