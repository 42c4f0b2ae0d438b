namespace Fencepost.Diagnostics.Dsql;

/// <summary>
/// Finds SQL that Aurora DSQL rejects or that silently behaves differently there (the rules are listed in docs/architecture.md, "Invariants a change must keep").
/// It tokenizes like PostgreSQL (comments, string literals and quoted identifiers are opaque), so a
/// keyword inside a literal is never reported; it is a linter for the product's own SQL, not a parser.
/// </summary>
public static class DsqlDialectChecker
{
    /// <summary>Checks one text, which may hold several statements run together as one transaction.</summary>
    public static IReadOnlyList<DsqlViolation> Check(string sql, DsqlCheckTarget target = DsqlCheckTarget.Dsql) => Check(sql, target, textIndex: 0);

    /// <summary>Checks texts that are executed one after another, each as its own transaction.</summary>
    public static IReadOnlyList<DsqlViolation> CheckAll(IEnumerable<string> texts, DsqlCheckTarget target = DsqlCheckTarget.Dsql)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return [.. texts.SelectMany((text, index) => Check(text, target, index))];
    }

    private static List<DsqlViolation> Check(string sql, DsqlCheckTarget target, int textIndex)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var violations = new List<DsqlViolation>();
        void Report(string rule, string message, int offset) => violations.Add(new DsqlViolation(rule, message, offset, textIndex));

        var statements = SqlStatement.Split(SqlTokenizer.Tokenize(sql));
        foreach (var statement in statements)
        {
            DsqlStatementRules.Check(statement, target, Report);
        }
        if (target == DsqlCheckTarget.Dsql)
        {
            CheckTransactionShape(statements, Report);
        }
        return violations;
    }

    /// <summary>DSQL runs one DDL statement per transaction and never mixes DDL with DML.</summary>
    private static void CheckTransactionShape(List<SqlStatement> statements, Action<string, string, int> report)
    {
        var ddl = statements.Where(s => s.IsDdl).ToList();
        if (ddl.Count > 1)
        {
            report(DsqlRuleIds.MultipleDdl, $"DSQL allows one DDL statement per transaction; this text has {ddl.Count}. Run each on its own.", ddl[1].Offset);
        }
        var dml = statements.FirstOrDefault(s => s.IsDml);
        if (ddl.Count > 0 && dml is not null)
        {
            report(DsqlRuleIds.DdlWithDml, "DSQL does not mix DDL and DML in one transaction; run them separately.", Math.Max(ddl[0].Offset, dml.Offset));
        }
    }
}
