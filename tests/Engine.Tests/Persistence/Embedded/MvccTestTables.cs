using Fencepost.Engine.Persistence.Embedded.Mvcc;

namespace Fencepost.Engine.Tests.Persistence.Embedded;

internal static class MvccTestTables
{
    public static MvccTable<long, Counter> Counters(MvccDatabase database, string name = "counters") =>
        database.CreateTable<long, Counter>(name, c => new RowSize(16 + (c.Payload?.Length ?? 0), "payload", c.Payload?.Length ?? 0));

    public static async Task PutAsync(MvccDatabase database, MvccTable<long, Counter> table, long key, long value)
    {
        using var tx = database.Begin();
        tx.Upsert(table, key, new Counter(value));
        await tx.CommitAsync();
    }

    public static long? Read(MvccDatabase database, MvccTable<long, Counter> table, long key)
    {
        using var tx = database.Begin();
        return tx.Get(table, key)?.Value;
    }
}
