using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fencepost.Engine.Security;

/// <summary>
/// How nodes prove to each other that they hold the cluster's shared secret: every call between
/// nodes carries <c>fencepost-node-auth: &lt;unix seconds&gt;.&lt;HMAC-SHA256 of them&gt;</c>. The secret itself
/// never travels, and a captured header is good for minutes, not forever.
/// </summary>
public static class NodeCredential
{
    public const string Header = "fencepost-node-auth";

    /// <summary>How far a header's time may be from the receiver's clock (both ways).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Create(string secret, DateTimeOffset now)
    {
        var stamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{stamp}.{Convert.ToBase64String(Sign(secret, stamp))}";
    }

    public static bool IsValid(string? header, string secret, DateTimeOffset now)
    {
        if (header is null || header.Split('.') is not [var stamp, var signature]
            || !long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return false;
        }
        Span<byte> given = stackalloc byte[32];
        return Convert.TryFromBase64String(signature, given, out var length) && length == 32
            && CryptographicOperations.FixedTimeEquals(given, Sign(secret, stamp));
    }

    private static byte[] Sign(string secret, string stamp) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes("fencepost-node:" + stamp));
}
