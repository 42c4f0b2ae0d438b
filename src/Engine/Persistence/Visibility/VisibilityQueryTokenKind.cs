namespace Fencepost.Engine.Persistence.Visibility;

internal enum VisibilityQueryTokenKind
{
    /// <summary>A bare word: a field name or a keyword (AND, OR, NOT, IN, IS, NULL, STARTS_WITH, ORDER, BY, ASC, DESC).</summary>
    Word,
    /// <summary>A `backticked` field name.</summary>
    QuotedName,
    /// <summary>A 'single' or "double" quoted string literal.</summary>
    String,
    Number,
    /// <summary>=, !=, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=.</summary>
    Operator,
    OpenParen,
    CloseParen,
    Comma,
    End,
}
