namespace Fencepost.ConsoleWeb.Security;

/// <summary>A user who can sign in. <see cref="FromConfiguration"/> accounts change only with the configuration.</summary>
public sealed record ConsoleAccount(string Name, ConsoleRole Role, string PasswordHash, bool FromConfiguration);
