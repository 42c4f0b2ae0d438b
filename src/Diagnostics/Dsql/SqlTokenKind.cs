namespace Fencepost.Diagnostics.Dsql;

internal enum SqlTokenKind
{
    /// <summary>A keyword or unquoted identifier; its text is upper-cased.</summary>
    Word,

    /// <summary>A "double-quoted" identifier: never a keyword, whatever it spells.</summary>
    QuotedIdentifier,

    /// <summary>A string literal of any quoting style; its content is never inspected.</summary>
    String,

    Number,

    /// <summary>A positional parameter such as $1.</summary>
    Parameter,

    /// <summary>One punctuation or operator character.</summary>
    Symbol,
}
