namespace Fencepost.Engine.History.Cron;

/// <summary>One field of a cron expression: the set of values it allows, and whether it was written as "*".</summary>
internal sealed class CronField
{
    private readonly bool[] _allowed;

    private CronField(int minimum, bool[] allowed, bool isWildcard)
    {
        Minimum = minimum;
        _allowed = allowed;
        IsWildcard = isWildcard;
    }

    public int Minimum { get; }

    public int Maximum => Minimum + _allowed.Length - 1;

    /// <summary>Written as "*" (or "?"): matters for the day-of-month/day-of-week rule.</summary>
    public bool IsWildcard { get; }

    public bool Allows(int value) => value >= Minimum && value <= Maximum && _allowed[value - Minimum];

    /// <summary>
    /// Parses a comma-separated list of "*", "n", "a-b", each optionally "/step"; names (JAN, MON)
    /// when <paramref name="names"/> is given. Returns an error in words, or null with the field set.
    /// </summary>
    public static string? TryParse(string text, string what, int minimum, int maximum, IReadOnlyList<string>? names, out CronField? field)
    {
        field = null;
        var allowed = new bool[maximum - minimum + 1];
        var wildcard = text is "*" or "?";
        foreach (var part in text.Split(','))
        {
            if (part.Length == 0)
            {
                return $"{what} field '{text}' has an empty list item.";
            }
            var rangeText = part;
            var step = 1;
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                rangeText = part[..slash];
                if (!int.TryParse(part[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out step) || step < 1)
                {
                    return $"{what} field '{text}' has an invalid step '{part[(slash + 1)..]}'.";
                }
            }
            int low;
            int high;
            if (rangeText is "*" or "?")
            {
                (low, high) = (minimum, maximum);
            }
            else
            {
                var dash = rangeText.IndexOf('-', StringComparison.Ordinal);
                var lowText = dash >= 0 ? rangeText[..dash] : rangeText;
                if (Value(lowText, names, minimum) is not { } parsedLow)
                {
                    return $"{what} field '{text}' has an invalid value '{lowText}'.";
                }
                low = parsedLow;
                if (dash >= 0)
                {
                    var highText = rangeText[(dash + 1)..];
                    if (Value(highText, names, minimum) is not { } parsedHigh)
                    {
                        return $"{what} field '{text}' has an invalid value '{highText}'.";
                    }
                    high = parsedHigh;
                }
                else
                {
                    // "n/step" runs from n to the end of the range, as in standard cron.
                    high = slash >= 0 ? maximum : low;
                }
            }
            if (low < minimum || high > maximum || low > high)
            {
                return $"{what} field '{text}' is outside {minimum}-{maximum}.";
            }
            for (var value = low; value <= high; value += step)
            {
                allowed[value - minimum] = true;
            }
        }
        field = new CronField(minimum, allowed, wildcard);
        return null;
    }

    private static int? Value(string text, IReadOnlyList<string>? names, int minimum)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        if (names is not null)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], text, StringComparison.OrdinalIgnoreCase))
                {
                    return minimum + i;
                }
            }
        }
        return null;
    }
}
