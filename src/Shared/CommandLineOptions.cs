using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Fencepost.CommandLine;

/// <summary>
/// Typed System.CommandLine options whose parse errors name the option and the bad value in one
/// line, instead of the parser's generic "Cannot parse argument" text. Compiled into each program
/// that has a command line (the server's and the benchmark's), so neither depends on the other for it.
/// </summary>
internal static class CommandLineOptions
{
    public static Option<string> Text(string name, string description, string? defaultValue = null)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                // The parser hands an option's next word to it even when that word is another option.
                var text = result.Tokens[0].Value;
                if (text.StartsWith("--", StringComparison.Ordinal))
                {
                    result.AddError($"{name} needs a value, not the option \"{text}\".");
                }
                return text;
            },
        };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }
        return option;
    }

    /// <summary>One of <paramref name="allowed"/>, matched without regard to case and returned as written there.</summary>
    public static Option<string> OneOf(string name, string description, string defaultValue, params string[] allowed) =>
        new(name)
        {
            Description = description,
            HelpName = string.Join('|', allowed),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                var match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    result.AddError($"{name} must be {string.Join(" or ", allowed.Select(a => $"\"{a}\""))}, not \"{text}\".");
                    return defaultValue;
                }
                return match;
            },
        };

    public static Option<double?> PositiveNumber(string name, string description) =>
        new(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
                {
                    return value;
                }
                result.AddError($"{name} must be a positive number, not \"{text}\".");
                return null;
            },
        };

    public static Option<int> Integer(string name, string description, int defaultValue, int minimum, int maximum) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseInteger(name, result, minimum, maximum, defaultValue),
        };

    /// <summary>A TCP port; 0 lets the system pick a free one.</summary>
    public static Option<int> Port(string name, string description, int defaultValue) =>
        new(name)
        {
            Description = description,
            HelpName = "port",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseInteger(name, result, 0, 65_535, defaultValue),
        };

    /// <summary>A number of seconds (fractions allowed) between 0 and one day; help shows the default in seconds.</summary>
    public static Option<double?> Seconds(string name, string description, double? defaultSeconds = null)
    {
        var option = new Option<double?>(name)
        {
            Description = description,
            HelpName = "seconds",
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds <= 86_400)
                {
                    return seconds;
                }
                result.AddError($"{name} must be a number of seconds between 0 and 86400, not \"{text}\".");
                return null;
            },
        };
        if (defaultSeconds is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }
        return option;
    }

    /// <summary>True when the user wrote the option, false when only its default applies.</summary>
    public static bool IsGiven(this ParseResult parseResult, Option option) => parseResult.GetResult(option) is { Implicit: false };

    private static int ParseInteger(string name, ArgumentResult result, int minimum, int maximum, int fallback)
    {
        var text = result.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }
        result.AddError($"{name} must be a whole number between {minimum} and {maximum}, not \"{text}\".");
        return fallback;
    }
}
