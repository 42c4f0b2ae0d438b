namespace Fencepost.Diagnostics.Dsql;

/// <summary>Stable ids of the dialect rules, for suppression lists and tests.</summary>
public static class DsqlRuleIds
{
    public const string ForShareLock = "for-share-lock";
    public const string ForUpdateWithJoin = "for-update-with-join";
    public const string Truncate = "truncate";
    public const string ForeignKey = "foreign-key";
    public const string SerialType = "serial-type";
    public const string IdentityColumn = "identity-column";
    public const string Sequence = "sequence";
    public const string CheckConstraint = "check-constraint";
    public const string IndexWithoutAsync = "index-without-async";
    public const string AsyncIndexOnPostgreSql = "async-index-on-postgresql";
    public const string Trigger = "trigger";
    public const string TemporaryTable = "temporary-table";
    public const string Extension = "extension";
    public const string Savepoint = "savepoint";
    public const string ListenNotify = "listen-notify";
    public const string AdvisoryLock = "advisory-lock";
    public const string Vacuum = "vacuum";
    public const string Partitioning = "partitioning";
    public const string ByteaPrimaryKey = "bytea-primary-key";
    public const string MultipleDdl = "multiple-ddl";
    public const string DdlWithDml = "ddl-with-dml";
}
