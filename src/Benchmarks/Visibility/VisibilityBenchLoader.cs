using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Fencepost.Benchmarks.Visibility;

/// <summary>
/// Loads closed runs straight into executions_visibility and executions_search_attributes with
/// binary COPY (the engine's schema, migrated first), so a million rows take seconds, not the hours
/// the engine's own write path would. Each run holds CustomKeywordField ("customer-N", 1,000
/// distinct values, so one value matches 0.1 %), CustomIntField (0..9,999), CustomBoolField (half
/// true) and a two-element CustomKeywordListField; start times spread over 30 days.
/// </summary>
internal static class VisibilityBenchLoader
{
    public const int Customers = 1_000;
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The rows the namespace holds now.</summary>
    public static async Task<long> CountAsync(NpgsqlDataSource source, Guid ns, CancellationToken ct)
    {
        await using var command = source.CreateCommand("SELECT count(*) FROM executions_visibility WHERE namespace_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = ns });
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <summary>Replaces the namespace's rows with <paramref name="runs"/> closed runs; returns the seconds it took.</summary>
    public static async Task<double> LoadAsync(NpgsqlDataSource source, Guid ns, int runs, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using (var clear = source.CreateCommand("DELETE FROM executions_visibility WHERE namespace_id = $1"))
        {
            clear.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = ns });
            await clear.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using (var clear = source.CreateCommand("DELETE FROM executions_search_attributes WHERE namespace_id = $1"))
        {
            clear.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = ns });
            await clear.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var connection = await source.OpenConnectionAsync(ct).ConfigureAwait(false);
        var random = new Random(42);
        var runIds = new Guid[runs];
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY executions_visibility (namespace_id, run_id, workflow_id, workflow_type, task_queue, status, start_time, execution_time, close_time, history_length) FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false))
        {
            for (var i = 0; i < runs; i++)
            {
                runIds[i] = Guid.NewGuid();
                var start = Epoch.AddSeconds(random.NextDouble() * 30 * 86_400);
                await writer.StartRowAsync(ct).ConfigureAwait(false);
                await writer.WriteAsync(ns, NpgsqlDbType.Uuid, ct).ConfigureAwait(false);
                await writer.WriteAsync(runIds[i], NpgsqlDbType.Uuid, ct).ConfigureAwait(false);
                await writer.WriteAsync($"order-{i}", NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await writer.WriteAsync(i % 10 == 0 ? "Refund" : "Order", NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await writer.WriteAsync("orders", NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await writer.WriteAsync(i % 20 == 0 ? 3 : 2, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                await writer.WriteAsync(start, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                await writer.WriteAsync(start, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                await writer.WriteAsync(start.AddSeconds(1 + random.Next(600)), NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                await writer.WriteAsync(11L, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            }
            await writer.CompleteAsync(ct).ConfigureAwait(false);
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY executions_search_attributes (namespace_id, run_id, name, ordinal, kw, num, dbl) FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false))
        {
            for (var i = 0; i < runs; i++)
            {
                var amount = random.Next(10_000);
                await WriteValueAsync(writer, ns, runIds[i], "CustomKeywordField", 0, $"customer-{random.Next(Customers)}", null, null, ct).ConfigureAwait(false);
                await WriteValueAsync(writer, ns, runIds[i], "CustomIntField", 0, null, amount, amount, ct).ConfigureAwait(false);
                await WriteValueAsync(writer, ns, runIds[i], "CustomBoolField", 0, null, random.Next(2), null, ct).ConfigureAwait(false);
                await WriteValueAsync(writer, ns, runIds[i], "CustomKeywordListField", 0, $"tag-{i % 7}", null, null, ct).ConfigureAwait(false);
                await WriteValueAsync(writer, ns, runIds[i], "CustomKeywordListField", 1, $"tag-{7 + (i % 5)}", null, null, ct).ConfigureAwait(false);
            }
            await writer.CompleteAsync(ct).ConfigureAwait(false);
        }
        await using (var analyze = connection.CreateCommand())
        {
            // Fresh statistics and a visibility map, as autovacuum would leave a table that has settled.
            analyze.CommandText = "VACUUM (ANALYZE) executions_visibility";
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            analyze.CommandText = "VACUUM (ANALYZE) executions_search_attributes";
            await analyze.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>One value row as the engine writes it: an Int in num and dbl, a Bool (0 or 1) in num only.</summary>
    private static async Task WriteValueAsync(NpgsqlBinaryImporter writer, Guid ns, Guid runId, string name, int ordinal, string? keyword, long? number, double? real, CancellationToken ct)
    {
        await writer.StartRowAsync(ct).ConfigureAwait(false);
        await writer.WriteAsync(ns, NpgsqlDbType.Uuid, ct).ConfigureAwait(false);
        await writer.WriteAsync(runId, NpgsqlDbType.Uuid, ct).ConfigureAwait(false);
        await writer.WriteAsync(name, NpgsqlDbType.Text, ct).ConfigureAwait(false);
        await writer.WriteAsync(ordinal, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
        if (keyword is null)
        {
            await writer.WriteNullAsync(ct).ConfigureAwait(false);
        }
        else
        {
            await writer.WriteAsync(keyword, NpgsqlDbType.Text, ct).ConfigureAwait(false);
        }
        if (number is { } n)
        {
            await writer.WriteAsync(n, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
        }
        else
        {
            await writer.WriteNullAsync(ct).ConfigureAwait(false);
        }
        if (real is { } r)
        {
            await writer.WriteAsync(r, NpgsqlDbType.Double, ct).ConfigureAwait(false);
        }
        else
        {
            await writer.WriteNullAsync(ct).ConfigureAwait(false);
        }
    }
}
