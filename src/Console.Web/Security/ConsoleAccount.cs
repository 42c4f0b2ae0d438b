using System.Security.Cryptography;
using System.Text;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>A user who can sign in. <see cref="FromConfiguration"/> accounts change only with the configuration.</summary>
public sealed record ConsoleAccount(string Name, ConsoleRole Role, string PasswordHash, bool FromConfiguration)
{
    /// <summary>
    /// Changes whenever the account's role or password does (or the account is made anew): a sign-in
    /// cookie carries the stamp it was issued with, and is refused once the account's stamp differs.
    /// </summary>
    public string SecurityStamp { get; } = Convert.ToBase64String(
        SHA256.HashData(Encoding.UTF8.GetBytes($"{Name.ToLowerInvariant()}\n{Role}\n{PasswordHash}")).AsSpan(0, 16));
}
