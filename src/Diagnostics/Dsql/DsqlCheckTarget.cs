namespace Fencepost.Diagnostics.Dsql;

/// <summary>Which database a statement list is meant for: the product ships one schema text per target.</summary>
public enum DsqlCheckTarget
{
    /// <summary>Aurora DSQL: every rule applies; indexes must be built with ASYNC; one DDL statement per text.</summary>
    Dsql,

    /// <summary>
    /// The local PostgreSQL stand-in: the same DSQL-compatible subset, except that indexes are built with
    /// plain CREATE INDEX (PostgreSQL has no ASYNC) and several DDL statements may share a text.
    /// </summary>
    PostgreSql,
}
