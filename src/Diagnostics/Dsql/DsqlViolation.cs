namespace Fencepost.Diagnostics.Dsql;

/// <summary>
/// One construct the target does not support. <see cref="Offset"/> is the character offset of the
/// offending token in the checked text; <see cref="TextIndex"/> says which text of a list it was.
/// </summary>
public sealed record DsqlViolation(string RuleId, string Message, int Offset, int TextIndex = 0);
