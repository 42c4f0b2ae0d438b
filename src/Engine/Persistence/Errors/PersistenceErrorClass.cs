namespace Fencepost.Engine.Persistence.Errors;

/// <summary>
/// How a persistence failure is classified. The OCC runner retries only
/// <see cref="Conflict"/> and <see cref="SchemaChanged"/>; everything else fails fast,
/// because retrying cannot fix it (a lost fence, a broken condition, a limit, a bug).
/// </summary>
public enum PersistenceErrorClass
{
    /// <summary>SQLSTATE 40001 with OC000 (or PostgreSQL's serialization failure): another transaction committed first.</summary>
    Conflict,
    /// <summary>SQLSTATE 40001 with OC001: the catalog changed under the transaction; retry with a fresh catalog.</summary>
    SchemaChanged,
    /// <summary>The shard's range_id moved on: this host no longer owns the shard. Never retried.</summary>
    OwnershipLost,
    /// <summary>A compare-and-set condition did not hold (record version, current run, lease). Never retried.</summary>
    ConditionFailed,
    /// <summary>The entity asked for does not exist.</summary>
    NotFound,
    /// <summary>The entity to create exists already.</summary>
    AlreadyExists,
    /// <summary>A DSQL transaction limit (3,000 rows, 10 MiB, 5 min, 1 MiB column) would be or was exceeded (54000).</summary>
    LimitExceeded,
    /// <summary>The statement uses a feature DSQL does not support (0A000): a bug in the store, not a transient fault.</summary>
    Unsupported,
    /// <summary>Too many connections (53300) or connections opened too fast (53400).</summary>
    ConnectionCapacity,
    /// <summary>The request itself is malformed (unknown shard, oversized payload, bad value).</summary>
    InvalidRequest,
    /// <summary>Conflicts kept happening until the retry budget ran out.</summary>
    RetriesExhausted,
    /// <summary>The store could not be reached or the connection broke.</summary>
    Unavailable,
    /// <summary>Anything the classifier does not recognise.</summary>
    Unknown,
    /// <summary>
    /// The connection broke after COMMIT was sent: the transaction may or may not have committed.
    /// Never retried blindly; the caller must re-read what it wrote (a shard writer reloads the shard).
    /// </summary>
    OutcomeUnknown,
}
