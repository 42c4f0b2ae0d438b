namespace Fencepost.Diagnostics.Dsql;

/// <summary>The tokens of one statement (between semicolons), with small pattern helpers for the rules.</summary>
internal sealed class SqlStatement(IReadOnlyList<SqlToken> tokens)
{
    private static readonly HashSet<string> DdlVerbs = new(StringComparer.Ordinal) { "CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE", "TRUNCATE" };

    private static readonly HashSet<string> DmlVerbs = new(StringComparer.Ordinal) { "SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "MERGE", "VALUES", "COPY" };

    public IReadOnlyList<SqlToken> Tokens { get; } = tokens;

    public string Verb => Tokens.Count > 0 && Tokens[0].Kind == SqlTokenKind.Word ? Tokens[0].Text : string.Empty;

    public bool IsDdl => DdlVerbs.Contains(Verb);

    public bool IsDml => DmlVerbs.Contains(Verb);

    public int Offset => Tokens[0].Offset;

    /// <summary>True when the words at <paramref name="index"/> spell <paramref name="words"/> in order.</summary>
    public bool Matches(int index, params string[] words)
    {
        if (index + words.Length > Tokens.Count)
        {
            return false;
        }
        for (var i = 0; i < words.Length; i++)
        {
            if (!Tokens[index + i].IsWord(words[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Indexes where the word sequence starts.</summary>
    public IEnumerable<int> Find(params string[] words)
    {
        for (var i = 0; i < Tokens.Count; i++)
        {
            if (Matches(i, words))
            {
                yield return i;
            }
        }
    }

    /// <summary>A function call: the word followed by an opening parenthesis.</summary>
    public bool IsCall(int index) =>
        Tokens[index].Kind == SqlTokenKind.Word && index + 1 < Tokens.Count && Tokens[index + 1].IsSymbol('(');

    /// <summary>The index of <paramref name="word"/> among the first <paramref name="within"/> tokens, or -1.</summary>
    public int FindNear(int within, string word)
    {
        for (var i = 0; i < Math.Min(within, Tokens.Count); i++)
        {
            if (Tokens[i].IsWord(word))
            {
                return i;
            }
        }
        return -1;
    }

    public static List<SqlStatement> Split(List<SqlToken> tokens)
    {
        var statements = new List<SqlStatement>();
        var current = new List<SqlToken>();
        foreach (var token in tokens)
        {
            if (token.IsSymbol(';'))
            {
                if (current.Count > 0)
                {
                    statements.Add(new SqlStatement(current));
                    current = [];
                }
            }
            else
            {
                current.Add(token);
            }
        }
        if (current.Count > 0)
        {
            statements.Add(new SqlStatement(current));
        }
        return statements;
    }
}
