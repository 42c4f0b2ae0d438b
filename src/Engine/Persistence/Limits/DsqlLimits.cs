namespace Fencepost.Engine.Persistence.Limits;

/// <summary>Aurora DSQL's per-transaction and per-value limits, enforced before the database sees a transaction.</summary>
public static class DsqlLimits
{
    public const int MaxRowsPerTransaction = 3_000;
    public const long MaxBytesPerTransaction = 10L * 1024 * 1024;
    public const int MaxColumnBytes = 1024 * 1024;
    public const int MaxRowBytes = 2 * 1024 * 1024;
    public const int MaxKeyBytes = 1024;
    public static readonly TimeSpan MaxTransactionAge = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxConnectionLifetime = TimeSpan.FromMinutes(60);
    public const int MaxNewConnectionsPerSecond = 100;
    public const int NewConnectionBurst = 1_000;
}
