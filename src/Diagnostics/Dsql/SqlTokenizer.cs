namespace Fencepost.Diagnostics.Dsql;

/// <summary>
/// Just enough of PostgreSQL's lexer to check a dialect without being fooled: comments (line and
/// nested block), string literals ('..', E'..' with backslash escapes, $tag$..$tag$) and quoted
/// identifiers become opaque tokens, so a keyword inside them is never mistaken for SQL.
/// </summary>
internal static class SqlTokenizer
{
    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var depth = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var start = i;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && Peek(sql, i + 1) == '-')
            {
                i = SkipLineComment(sql, i);
            }
            else if (c == '/' && Peek(sql, i + 1) == '*')
            {
                i = SkipBlockComment(sql, i);
            }
            else if (c == '\'')
            {
                i = SkipQuoted(sql, i, '\'', backslashEscapes: false);
                tokens.Add(new SqlToken(SqlTokenKind.String, string.Empty, start, depth));
            }
            else if ((c is 'E' or 'e') && Peek(sql, i + 1) == '\'')
            {
                i = SkipQuoted(sql, i + 1, '\'', backslashEscapes: true);
                tokens.Add(new SqlToken(SqlTokenKind.String, string.Empty, start, depth));
            }
            else if (c == '"')
            {
                i = SkipQuoted(sql, i, '"', backslashEscapes: false);
                var inner = sql[(start + 1)..Math.Max(start + 1, i - 1)].Replace("\"\"", "\"", StringComparison.Ordinal);
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, inner, start, depth));
            }
            else if (c == '$' && TryDollarQuote(sql, i, out var end))
            {
                i = end;
                tokens.Add(new SqlToken(SqlTokenKind.String, string.Empty, start, depth));
            }
            else if (c == '$' && char.IsAsciiDigit(Peek(sql, i + 1)))
            {
                i++;
                while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                {
                    i++;
                }
                tokens.Add(new SqlToken(SqlTokenKind.Parameter, sql[start..i], start, depth));
            }
            else if (IsIdentifierStart(c))
            {
                while (i < sql.Length && IsIdentifierPart(sql[i]))
                {
                    i++;
                }
                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..i].ToUpperInvariant(), start, depth));
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '.'))
                {
                    i++;
                }
                tokens.Add(new SqlToken(SqlTokenKind.Number, sql[start..i], start, depth));
            }
            else
            {
                if (c == ')')
                {
                    depth = Math.Max(0, depth - 1);
                }
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString(), start, depth));
                if (c == '(')
                {
                    depth++;
                }
                i++;
            }
        }
        return tokens;
    }

    private static char Peek(string sql, int index) => index < sql.Length ? sql[index] : '\0';

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    private static int SkipLineComment(string sql, int i)
    {
        var newline = sql.IndexOf('\n', i);
        return newline < 0 ? sql.Length : newline + 1;
    }

    /// <summary>PostgreSQL block comments nest.</summary>
    private static int SkipBlockComment(string sql, int i)
    {
        var nesting = 0;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && Peek(sql, i + 1) == '*')
            {
                nesting++;
                i += 2;
            }
            else if (sql[i] == '*' && Peek(sql, i + 1) == '/')
            {
                nesting--;
                i += 2;
                if (nesting == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }
        return sql.Length;
    }

    /// <summary>Skips a quoted run starting at the opening quote; a doubled quote is an escaped quote.</summary>
    private static int SkipQuoted(string sql, int i, char quote, bool backslashEscapes)
    {
        i++;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == quote)
            {
                if (Peek(sql, i + 1) == quote)
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }
        return sql.Length;
    }

    private static bool TryDollarQuote(string sql, int i, out int end)
    {
        end = i;
        var tagEnd = i + 1;
        if (tagEnd < sql.Length && !IsIdentifierStart(sql[tagEnd]) && sql[tagEnd] != '$')
        {
            return false;
        }
        while (tagEnd < sql.Length && sql[tagEnd] != '$')
        {
            if (!IsIdentifierPart(sql[tagEnd]))
            {
                return false;
            }
            tagEnd++;
        }
        if (tagEnd >= sql.Length)
        {
            return false;
        }
        var tag = sql[i..(tagEnd + 1)];
        var close = sql.IndexOf(tag, tagEnd + 1, StringComparison.Ordinal);
        end = close < 0 ? sql.Length : close + tag.Length;
        return true;
    }
}
