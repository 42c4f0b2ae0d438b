namespace Fencepost.Engine.Persistence.Postgres.Schema;

/// <summary>
/// One schema step: exactly one DDL statement, because DSQL allows one DDL per transaction and
/// never DDL mixed with DML. Every statement is idempotent (IF NOT EXISTS) so a step that ran but
/// was not recorded (a crash, a concurrent migrator) is harmless to run again.
/// </summary>
public sealed record PostgresMigration(int Version, string Description, string Ddl);
