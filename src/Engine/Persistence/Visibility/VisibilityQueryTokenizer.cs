using System.Text;

namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>Splits a visibility query into tokens, reporting unterminated literals and stray characters by position.</summary>
internal static class VisibilityQueryTokenizer
{
    public static List<VisibilityQueryToken> Tokenize(string query)
    {
        var tokens = new List<VisibilityQueryToken>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            switch (c)
            {
                case '(':
                    tokens.Add(new(VisibilityQueryTokenKind.OpenParen, "(", i++));
                    continue;
                case ')':
                    tokens.Add(new(VisibilityQueryTokenKind.CloseParen, ")", i++));
                    continue;
                case ',':
                    tokens.Add(new(VisibilityQueryTokenKind.Comma, ",", i++));
                    continue;
                case '\'' or '"':
                    tokens.Add(new(VisibilityQueryTokenKind.String, ReadQuoted(query, ref i, c), start));
                    continue;
                case '`':
                    tokens.Add(new(VisibilityQueryTokenKind.QuotedName, ReadQuoted(query, ref i, c), start));
                    continue;
                case '=':
                    tokens.Add(new(VisibilityQueryTokenKind.Operator, "=", i++));
                    continue;
                case '!' or '<' or '>':
                    tokens.Add(new(VisibilityQueryTokenKind.Operator, ReadOperator(query, ref i), start));
                    continue;
            }
            if (char.IsDigit(c) || (c == '-' && i + 1 < query.Length && char.IsDigit(query[i + 1])))
            {
                i++;
                SkipDigits(query, ref i);
                // A decimal fraction and an exponent, for Double search attributes.
                if (i + 1 < query.Length && query[i] == '.' && char.IsDigit(query[i + 1]))
                {
                    i++;
                    SkipDigits(query, ref i);
                }
                if (i + 1 < query.Length && query[i] is 'e' or 'E')
                {
                    var exponent = i + 1 < query.Length && query[i + 1] is '+' or '-' ? i + 2 : i + 1;
                    if (exponent < query.Length && char.IsDigit(query[exponent]))
                    {
                        i = exponent;
                        SkipDigits(query, ref i);
                    }
                }
                tokens.Add(new(VisibilityQueryTokenKind.Number, query[start..i], start));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                while (i < query.Length && (char.IsLetterOrDigit(query[i]) || query[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new(VisibilityQueryTokenKind.Word, query[start..i], start));
                continue;
            }
            throw new VisibilityQueryException(query, i, $"unexpected character '{c}'; expected a field name, a value in quotes, an operator or a parenthesis.");
        }
        tokens.Add(new(VisibilityQueryTokenKind.End, "", query.Length));
        return tokens;
    }

    private static void SkipDigits(string query, ref int i)
    {
        while (i < query.Length && char.IsDigit(query[i]))
        {
            i++;
        }
    }

    private static string ReadOperator(string query, ref int i)
    {
        var c = query[i];
        var next = i + 1 < query.Length ? query[i + 1] : '\0';
        if (next == '=' || (c == '<' && next == '>'))
        {
            var text = query.Substring(i, 2);
            i += 2;
            return text == "<>" ? "!=" : text;
        }
        if (c == '!')
        {
            throw new VisibilityQueryException(query, i, "'!' must be followed by '=' (not equal).");
        }
        i++;
        return c.ToString();
    }

    /// <summary>Reads a literal quoted by <paramref name="quote"/>; a doubled quote or a backslash escapes the next character.</summary>
    private static string ReadQuoted(string query, ref int i, char quote)
    {
        var start = i;
        var value = new StringBuilder();
        i++;
        while (i < query.Length)
        {
            var c = query[i];
            if (c == '\\' && i + 1 < query.Length)
            {
                value.Append(query[i + 1]);
                i += 2;
                continue;
            }
            if (c == quote)
            {
                if (i + 1 < query.Length && query[i + 1] == quote)
                {
                    value.Append(quote);
                    i += 2;
                    continue;
                }
                i++;
                return value.ToString();
            }
            value.Append(c);
            i++;
        }
        throw new VisibilityQueryException(query, start, $"the {(quote == '`' ? "field name" : "string")} starting here is missing its closing {quote}.");
    }
}
