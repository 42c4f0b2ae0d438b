using System.Globalization;

namespace Fencepost.Engine.History.Cron;

/// <summary>Go's duration syntax as "@every" uses it: a sequence of decimal numbers with units h, m, s, ms (e.g. 1h30m, 2.5s).</summary>
internal static class GoDuration
{
    public static TimeSpan? TryParse(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var total = TimeSpan.Zero;
        var position = 0;
        while (position < text.Length)
        {
            var start = position;
            while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '.'))
            {
                position++;
            }
            if (position == start || !double.TryParse(text.AsSpan(start, position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }
            var unitStart = position;
            while (position < text.Length && char.IsAsciiLetterLower(text[position]))
            {
                position++;
            }
            TimeSpan? unit = text[unitStart..position] switch
            {
                "h" => TimeSpan.FromHours(1),
                "m" => TimeSpan.FromMinutes(1),
                "s" => TimeSpan.FromSeconds(1),
                "ms" => TimeSpan.FromMilliseconds(1),
                _ => null,
            };
            if (unit is not { } size)
            {
                return null;
            }
            total += size * number;
        }
        return total > TimeSpan.Zero ? total : null;
    }
}
