using System.Security.Cryptography;

namespace Fencepost.Engine.Security;

/// <summary>
/// The bearer token this process's own console uses with its own frontend when auth is on: made at
/// random when the process starts and never written anywhere, so only code in this process holds it.
/// The frontend knows the caller by it, as the console, which read-only mode restrains.
/// </summary>
public sealed class LocalConsoleCredential
{
    public const string CallerName = "console";

    public string Token { get; } = "fencepost-local-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
}
