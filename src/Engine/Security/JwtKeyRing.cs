using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Fencepost.Engine.Security;

/// <summary>
/// The keys JWTs are checked against: the configured HMAC secrets and the public keys in the
/// configured PEM files, re-read whenever a file changes, so a key rotation needs no restart.
/// </summary>
internal sealed class JwtKeyRing(IOptionsMonitor<FrontendAuthOptions> options)
{
    private readonly Lock _gate = new();
    private (string Stamp, IReadOnlyList<SecurityKey> Keys) _loaded = ("", []);

    public IReadOnlyList<SecurityKey> Current()
    {
        var jwt = options.CurrentValue.Jwt;
        var stamp = string.Join('|', jwt.HmacKeys) + "|" + string.Join('|', jwt.KeyFiles.Select(f => $"{f}@{File.GetLastWriteTimeUtc(f).Ticks}"));
        lock (_gate)
        {
            if (_loaded.Stamp != stamp)
            {
                _loaded = (stamp, Load(jwt));
            }
            return _loaded.Keys;
        }
    }

    private static List<SecurityKey> Load(FrontendAuthOptions.JwtOptions jwt)
    {
        var keys = new List<SecurityKey>();
        keys.AddRange(jwt.HmacKeys.Select(secret => new SymmetricSecurityKey(Convert.FromBase64String(secret))));
        foreach (var file in jwt.KeyFiles.Where(File.Exists))
        {
            keys.Add(ReadPublicKey(File.ReadAllText(file)));
        }
        return keys;
    }

    /// <summary>An RSA or EC public key (or certificate) from PEM text.</summary>
    public static SecurityKey ReadPublicKey(string pem)
    {
        if (pem.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
        {
            return new X509SecurityKey(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem));
        }
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (ArgumentException)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
    }
}
