namespace Fencepost.ConsoleWeb.Commands;

/// <summary>
/// What the command line asks of the server: the settings its named options set (configuration key
/// to value, only those the user gave, so environment variables still apply where they did not),
/// any further <c>--Section:Key value</c> settings as they were written, and the host environment.
/// </summary>
public sealed record ServerArguments(IReadOnlyDictionary<string, string?> Settings, IReadOnlyList<string> ConfigurationArgs, string? Environment);
