using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Fencepost.ConsoleWeb.Commands;

/// <summary>Typed options whose parse errors name the option and the bad value in one line.</summary>
internal static class CommandLineOptions
{
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
                    result.AddError($"{name} must be {string.Join(" or ", allowed)}, not \"{text}\".");
                    return defaultValue;
                }
                return match;
            },
        };

    /// <summary>A TCP port; 0 lets the system pick a free one.</summary>
    public static Option<int> Port(string name, string description, int defaultValue) =>
        new(name)
        {
            Description = description,
            HelpName = "port",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Integer(name, result, 0, 65_535, defaultValue),
        };

    public static Option<int> Integer(string name, string description, int defaultValue, int minimum, int maximum) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Integer(name, result, minimum, maximum, defaultValue),
        };

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

    /// <summary>True when the user wrote the option, false when only its default applies.</summary>
    public static bool IsGiven(this ParseResult parseResult, Option option) => parseResult.GetResult(option) is { Implicit: false };

    private static int Integer(string name, ArgumentResult result, int minimum, int maximum, int fallback)
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
