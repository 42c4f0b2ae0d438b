namespace Fencepost.ConsoleWeb.Commands;

/// <summary>
/// The command-line words the server's options did not take: settings written as
/// <c>--Section:Key value</c> or <c>--Section:Key=value</c>, which go to ASP.NET's configuration
/// as they are. Anything else is a mistake (a misspelt option, a stray word) and is reported, not
/// silently read as a setting nobody uses.
/// </summary>
internal static class ConfigurationTokens
{
    public static IReadOnlyList<string> Problems(IReadOnlyList<string> tokens)
    {
        var problems = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || !token.Contains(':', StringComparison.Ordinal))
            {
                problems.Add($"Unknown option or argument \"{token}\"; other settings are written --Section:Key value (for example --Fencepost:Console:ReadOnly true).");
                continue;
            }
            if (token.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }
            if (i + 1 >= tokens.Count)
            {
                problems.Add($"{token} needs a value.");
                continue;
            }
            i++;
        }
        return problems;
    }
}
