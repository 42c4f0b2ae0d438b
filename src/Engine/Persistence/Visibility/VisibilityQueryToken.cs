namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>One lexical token of a visibility query; <see cref="Text"/> is the literal's value for strings.</summary>
internal readonly record struct VisibilityQueryToken(VisibilityQueryTokenKind Kind, string Text, int Position)
{
    public bool IsKeyword(string keyword) =>
        Kind == VisibilityQueryTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        VisibilityQueryTokenKind.End => "the end of the query",
        VisibilityQueryTokenKind.String => $"the string '{Text}'",
        VisibilityQueryTokenKind.QuotedName => $"`{Text}`",
        _ => $"'{Text}'",
    };
}
