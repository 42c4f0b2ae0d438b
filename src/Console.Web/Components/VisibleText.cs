using System.Globalization;
using System.Text;

namespace Fencepost.ConsoleWeb.Components;

/// <summary>
/// Text from workflows (ids, types, task queues) as an operator should see it: control characters,
/// bidirectional overrides and invisible format characters are shown as <c>\u202E</c>-style escapes,
/// so an id cannot hide part of itself, reorder what follows it or pass for another id.
/// </summary>
public static class VisibleText
{
    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(NeedsEscape))
        {
            return text ?? string.Empty;
        }
        var visible = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                visible.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                visible.Append(c);
            }
        }
        return visible.ToString();
    }

    // Control characters (NUL, newlines, ESC...) and Unicode's format category: the bidi embeddings,
    // overrides and isolates (U+202A-202E, U+2066-2069), marks (U+200E/F, U+061C) and zero-width characters.
    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
