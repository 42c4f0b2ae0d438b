using Fencepost.Diagnostics.Dsql;
using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Postgres.Schema;
using Fencepost.Engine.Persistence.Postgres.Sql;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

public sealed class PostgresDialectTests
{
    [Fact]
    public void CheckAll_EveryStatementTheStoreIssues_HasNoDsqlViolations()
    {
        var violations = DsqlDialectChecker.CheckAll(PostgresStatements.All, DsqlCheckTarget.Dsql);

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine,
            violations.Select(v => $"{v.RuleId}: {v.Message} in {PostgresStatements.All[v.TextIndex]}")));
    }

    [Theory]
    [InlineData(PostgresTarget.Dsql, DsqlCheckTarget.Dsql)]
    [InlineData(PostgresTarget.PostgreSql, DsqlCheckTarget.PostgreSql)]
    public void CheckAll_SchemaForTarget_HasNoViolations(PostgresTarget target, DsqlCheckTarget checkTarget)
    {
        var ddl = PostgresSchema.DdlFor(target);

        var violations = DsqlDialectChecker.CheckAll(ddl, checkTarget);

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations.Select(v => $"{v.RuleId}: {v.Message} in {ddl[v.TextIndex]}")));
    }
}
