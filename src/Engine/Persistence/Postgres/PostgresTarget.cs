namespace Fencepost.Engine.Persistence.Postgres;

/// <summary>
/// Which server the PostgreSQL store talks to. The SQL is the same for both (DSQL's dialect is the
/// common subset); only index DDL, session options and authentication differ.
/// </summary>
public enum PostgresTarget
{
    /// <summary>A plain PostgreSQL server (the local stand-in for DSQL).</summary>
    PostgreSql,
    /// <summary>Amazon Aurora DSQL: indexes are built with CREATE INDEX ASYNC, passwords are IAM tokens.</summary>
    Dsql,
}
