using Fencepost.Engine.Persistence.Errors;

namespace Fencepost.Engine.Persistence.Limits;

/// <summary>
/// Counts the rows and bytes a transaction will modify and refuses, before anything is sent,
/// whatever DSQL would refuse at commit (54000). One budget per transaction attempt.
/// </summary>
public sealed class TransactionBudget(int maxRows = DsqlLimits.MaxRowsPerTransaction, long maxBytes = DsqlLimits.MaxBytesPerTransaction)
{
    public int Rows { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>Counts one modified row of <paramref name="bytes"/> bytes in <paramref name="table"/>.</summary>
    public void AddRow(string table, long bytes)
    {
        if (bytes > DsqlLimits.MaxRowBytes)
        {
            throw new TransactionLimitExceededException("row size", bytes, DsqlLimits.MaxRowBytes, $"A row of '{table}' is too large.");
        }
        Rows++;
        Bytes += bytes;
        if (Rows > maxRows)
        {
            throw new TransactionLimitExceededException("rows per transaction", Rows, maxRows, $"Adding a row of '{table}' went over.");
        }
        if (Bytes > maxBytes)
        {
            throw new TransactionLimitExceededException("bytes per transaction", Bytes, maxBytes, $"Adding a row of '{table}' went over.");
        }
    }

    /// <summary>Refuses a single column value over DSQL's 1 MiB column limit.</summary>
    public static void CheckColumn(string table, string column, long bytes)
    {
        if (bytes > DsqlLimits.MaxColumnBytes)
        {
            throw new TransactionLimitExceededException("column size", bytes, DsqlLimits.MaxColumnBytes, $"'{table}.{column}' is too large; split it into smaller values.");
        }
    }

    /// <summary>Refuses a key over DSQL's 1 KiB key limit (workflow ids, task queue names).</summary>
    public static void CheckKey(string table, string column, string value)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(value);
        if (bytes > DsqlLimits.MaxKeyBytes)
        {
            throw new InvalidPersistenceRequestException($"'{table}.{column}' is {bytes} bytes; keys are limited to {DsqlLimits.MaxKeyBytes} bytes.");
        }
    }
}
