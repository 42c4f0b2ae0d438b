namespace Fencepost.Diagnostics.Dsql;

/// <summary>
/// DSQL cannot index bytea, so a bytea column in a primary key fails. Reads the column list of a
/// CREATE TABLE: inline "col bytea PRIMARY KEY" and table-level "PRIMARY KEY (a, b)" alike.
/// </summary>
internal static class ByteaPrimaryKeyRule
{
    private static readonly HashSet<string> ConstraintStarts = new(StringComparer.Ordinal)
    {
        "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE",
    };

    public static void Check(SqlStatement s, int tableIndex, Action<string, string, int> report)
    {
        var t = s.Tokens;
        var open = -1;
        for (var i = tableIndex + 1; i < t.Count; i++)
        {
            if (t[i].IsSymbol('(') && t[i].Depth == 0)
            {
                open = i;
                break;
            }
        }
        if (open < 0)
        {
            return;
        }
        var byteaColumns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var keyColumns = new List<string>();
        foreach (var element in Elements(t, open))
        {
            if (element.Count == 0)
            {
                continue;
            }
            var first = element[0];
            var isColumn = first.Kind == SqlTokenKind.QuotedIdentifier
                || (first.Kind == SqlTokenKind.Word && !ConstraintStarts.Contains(first.Text));
            if (isColumn)
            {
                var isBytea = element.Count > 1 && element[1].IsWord("BYTEA");
                if (isBytea)
                {
                    byteaColumns[first.Text] = first.Offset;
                }
                if (HasPrimaryKey(element))
                {
                    keyColumns.Add(first.Text);
                }
            }
            else
            {
                var pk = IndexOfPrimaryKey(element);
                if (pk >= 0)
                {
                    keyColumns.AddRange(element.Skip(pk + 2)
                        .Where(token => token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
                        .Select(token => token.Text));
                }
            }
        }
        foreach (var column in keyColumns.Where(byteaColumns.ContainsKey).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            report(DsqlRuleIds.ByteaPrimaryKey, $"Column {column} is bytea in a primary key; DSQL cannot index bytea: use UUID, text or bigint.", byteaColumns[column]);
        }
    }

    private static bool HasPrimaryKey(List<SqlToken> element) => IndexOfPrimaryKey(element) >= 0;

    private static int IndexOfPrimaryKey(List<SqlToken> element)
    {
        for (var i = 0; i + 1 < element.Count; i++)
        {
            if (element[i].IsWord("PRIMARY") && element[i + 1].IsWord("KEY"))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The comma-separated elements inside the parenthesis at <paramref name="open"/>.</summary>
    private static IEnumerable<List<SqlToken>> Elements(IReadOnlyList<SqlToken> t, int open)
    {
        var inner = t[open].Depth + 1;
        var element = new List<SqlToken>();
        for (var i = open + 1; i < t.Count; i++)
        {
            if (t[i].IsSymbol(')') && t[i].Depth == t[open].Depth)
            {
                break;
            }
            if (t[i].IsSymbol(',') && t[i].Depth == inner)
            {
                yield return element;
                element = [];
            }
            else
            {
                element.Add(t[i]);
            }
        }
        yield return element;
    }
}
