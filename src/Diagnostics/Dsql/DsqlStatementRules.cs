namespace Fencepost.Diagnostics.Dsql;

/// <summary>The rules that look at one statement on its own. Each adds violations through <c>report</c>.</summary>
internal static class DsqlStatementRules
{
    private static readonly HashSet<string> SerialTypes = new(StringComparer.Ordinal)
    {
        "SERIAL", "SERIAL2", "SERIAL4", "SERIAL8", "BIGSERIAL", "SMALLSERIAL",
    };

    private static readonly HashSet<string> SequenceFunctions = new(StringComparer.Ordinal) { "NEXTVAL", "CURRVAL", "SETVAL" };

    private static readonly HashSet<string> FromListEnd = new(StringComparer.Ordinal)
    {
        "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "FETCH", "FOR", "UNION", "INTERSECT", "EXCEPT", "RETURNING",
    };

    public static void Check(SqlStatement s, DsqlCheckTarget target, Action<string, string, int> report)
    {
        var t = s.Tokens;
        var schemaChange = s.Verb is "CREATE" or "ALTER";
        for (var i = 0; i < t.Count; i++)
        {
            var token = t[i];
            if (token.IsWord("FOR"))
            {
                CheckLockingClause(s, i, report);
            }
            if (token.Kind != SqlTokenKind.Word)
            {
                continue;
            }
            if (schemaChange && (token.Text == "REFERENCES" || s.Matches(i, "FOREIGN", "KEY")))
            {
                report(DsqlRuleIds.ForeignKey, "DSQL has no foreign keys; enforce the relation in the application.", token.Offset);
            }
            if (schemaChange && SerialTypes.Contains(token.Text))
            {
                report(DsqlRuleIds.SerialType, $"{token.Text} needs a sequence; use an application-generated id (Snowflake) or UUID.", token.Offset);
            }
            if (token.Text == "GENERATED" && (s.Matches(i + 1, "ALWAYS", "AS", "IDENTITY") || s.Matches(i + 1, "BY", "DEFAULT", "AS", "IDENTITY")))
            {
                report(DsqlRuleIds.IdentityColumn, "Identity columns depend on sequences; use an application-generated id.", token.Offset);
            }
            if ((s.Matches(i, "CREATE", "SEQUENCE") || s.Matches(i, "ALTER", "SEQUENCE")) || (SequenceFunctions.Contains(token.Text) && s.IsCall(i)))
            {
                report(DsqlRuleIds.Sequence, "Sequences are not portable to DSQL; use an application-generated id.", token.Offset);
            }
            if (schemaChange && token.Text == "CHECK" && s.IsCall(i))
            {
                report(DsqlRuleIds.CheckConstraint, "DSQL does not enforce CHECK constraints; validate in the application.", token.Offset);
            }
            if (s.Verb is "SELECT" or "WITH" && token.Text == "INTO" && i + 1 < t.Count && t[i + 1].Kind == SqlTokenKind.Word && t[i + 1].Text is "TEMP" or "TEMPORARY")
            {
                report(DsqlRuleIds.TemporaryTable, "DSQL has no temporary tables.", token.Offset);
            }
            if (token.Text is "PG_NOTIFY" && s.IsCall(i))
            {
                report(DsqlRuleIds.ListenNotify, "DSQL has no LISTEN/NOTIFY.", token.Offset);
            }
            if ((token.Text.StartsWith("PG_ADVISORY_", StringComparison.Ordinal) || token.Text.StartsWith("PG_TRY_ADVISORY_", StringComparison.Ordinal)) && s.IsCall(i))
            {
                report(DsqlRuleIds.AdvisoryLock, "DSQL has no advisory locks; fence with SELECT ... FOR UPDATE or a conditional write.", token.Offset);
            }
        }
        CheckVerb(s, target, report);
    }

    private static void CheckLockingClause(SqlStatement s, int i, Action<string, string, int> report)
    {
        var offset = s.Tokens[i].Offset;
        if (s.Matches(i, "FOR", "SHARE") || s.Matches(i, "FOR", "KEY", "SHARE") || s.Matches(i, "FOR", "NO", "KEY", "UPDATE"))
        {
            report(DsqlRuleIds.ForShareLock, "DSQL supports only FOR UPDATE as a row lock; use FOR UPDATE on the single table you fence on.", offset);
        }
        else if (s.Matches(i, "FOR", "UPDATE") && JoinsTables(s))
        {
            report(DsqlRuleIds.ForUpdateWithJoin, "DSQL rejects FOR UPDATE over a join (0A000); lock one base table and read the others without FOR UPDATE.", offset);
        }
    }

    /// <summary>A JOIN keyword, or a FROM list naming more than one table at the same nesting level.</summary>
    private static bool JoinsTables(SqlStatement s)
    {
        var t = s.Tokens;
        if (t.Any(token => token.IsWord("JOIN")))
        {
            return true;
        }
        for (var i = 0; i < t.Count; i++)
        {
            if (!t[i].IsWord("FROM"))
            {
                continue;
            }
            var depth = t[i].Depth;
            for (var j = i + 1; j < t.Count && t[j].Depth >= depth; j++)
            {
                if (t[j].Depth != depth)
                {
                    continue;
                }
                if ((t[j].Kind == SqlTokenKind.Word && FromListEnd.Contains(t[j].Text)) || t[j].IsSymbol(')'))
                {
                    break;
                }
                if (t[j].IsSymbol(','))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static void CheckVerb(SqlStatement s, DsqlCheckTarget target, Action<string, string, int> report)
    {
        var offset = s.Offset;
        switch (s.Verb)
        {
            case "TRUNCATE":
                report(DsqlRuleIds.Truncate, "DSQL has no TRUNCATE; DELETE in batches under the 3,000-row limit.", offset);
                break;
            case "VACUUM":
                report(DsqlRuleIds.Vacuum, "DSQL manages storage itself; VACUUM is not supported.", offset);
                break;
            case "LISTEN" or "NOTIFY" or "UNLISTEN":
                report(DsqlRuleIds.ListenNotify, "DSQL has no LISTEN/NOTIFY.", offset);
                break;
            case "SAVEPOINT" or "RELEASE":
                report(DsqlRuleIds.Savepoint, "DSQL has no savepoints; retry the whole transaction.", offset);
                break;
            case "ROLLBACK" when s.FindNear(4, "TO") >= 0:
                report(DsqlRuleIds.Savepoint, "DSQL has no savepoints; retry the whole transaction.", offset);
                break;
            case "CREATE":
                CheckCreate(s, target, report);
                break;
            case "ALTER" or "DROP":
                if (s.Tokens.Any(token => token.Depth == 0 && token.IsWord("TRIGGER")))
                {
                    report(DsqlRuleIds.Trigger, "DSQL has no triggers.", offset);
                }
                break;
            default:
                break;
        }
    }

    private static readonly HashSet<string> CreateModifiers = new(StringComparer.Ordinal)
    {
        "OR", "REPLACE", "GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED", "UNIQUE", "CONSTRAINT", "EVENT",
    };

    private static void CheckCreate(SqlStatement s, DsqlCheckTarget target, Action<string, string, int> report)
    {
        var offset = s.Offset;
        // CREATE [OR REPLACE] [GLOBAL|LOCAL] [TEMP] [UNIQUE] ... <object kind>: only these prefix words
        // qualify the object, so a table merely named "temp" or "trigger" is not mistaken for one.
        var kindIndex = 1;
        var temporary = false;
        while (kindIndex < s.Tokens.Count && s.Tokens[kindIndex].Kind == SqlTokenKind.Word && CreateModifiers.Contains(s.Tokens[kindIndex].Text))
        {
            temporary |= s.Tokens[kindIndex].Text is "TEMP" or "TEMPORARY";
            kindIndex++;
        }
        var kind = kindIndex < s.Tokens.Count && s.Tokens[kindIndex].Kind == SqlTokenKind.Word ? s.Tokens[kindIndex].Text : string.Empty;
        if (temporary)
        {
            report(DsqlRuleIds.TemporaryTable, "DSQL has no temporary tables.", offset);
        }
        switch (kind)
        {
            case "TRIGGER":
                report(DsqlRuleIds.Trigger, "DSQL has no triggers.", offset);
                break;
            case "EXTENSION":
                report(DsqlRuleIds.Extension, "DSQL supports no extensions (and so no PL/pgSQL).", offset);
                break;
            case "INDEX":
                CheckIndex(s, kindIndex + 1, target, report);
                break;
            case "TABLE":
                var partition = s.Tokens.FirstOrDefault(token => token.Depth == 0 && token.IsWord("PARTITION"));
                if (partition.Kind == SqlTokenKind.Word && partition.Text == "PARTITION")
                {
                    report(DsqlRuleIds.Partitioning, "DSQL has no table partitioning; spread keys with a shard id column instead.", partition.Offset);
                }
                ByteaPrimaryKeyRule.Check(s, kindIndex, report);
                break;
            default:
                break;
        }
    }

    private static void CheckIndex(SqlStatement s, int afterIndexWord, DsqlCheckTarget target, Action<string, string, int> report)
    {
        var isAsync = s.Matches(afterIndexWord, "ASYNC");
        if (target == DsqlCheckTarget.Dsql && !isAsync)
        {
            report(DsqlRuleIds.IndexWithoutAsync, "DSQL builds indexes only asynchronously: CREATE [UNIQUE] INDEX ASYNC ...", s.Offset);
        }
        else if (target == DsqlCheckTarget.PostgreSql && isAsync)
        {
            report(DsqlRuleIds.AsyncIndexOnPostgreSql, "PostgreSQL does not know CREATE INDEX ASYNC; use plain CREATE INDEX in the PostgreSQL schema.", s.Offset);
        }
    }
}
