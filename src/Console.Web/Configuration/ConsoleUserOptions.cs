namespace Fencepost.ConsoleWeb.Configuration;

/// <summary>
/// A configured console user. <see cref="PasswordHash"/> is ASP.NET Core Identity's PBKDF2 format
/// (the Users page produces it); plain passwords never go into configuration.
/// </summary>
public sealed class ConsoleUserOptions
{
    public string Name { get; set; } = "";

    /// <summary>viewer, operator or admin.</summary>
    public string Role { get; set; } = "";

    public string PasswordHash { get; set; } = "";
}
