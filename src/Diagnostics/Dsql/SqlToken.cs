namespace Fencepost.Diagnostics.Dsql;

/// <summary>One lexical token with its offset in the text and its parenthesis depth.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Offset, int Depth)
{
    public bool IsWord(string upper) => Kind == SqlTokenKind.Word && Text == upper;

    public bool IsSymbol(char symbol) => Kind == SqlTokenKind.Symbol && Text.Length == 1 && Text[0] == symbol;
}
