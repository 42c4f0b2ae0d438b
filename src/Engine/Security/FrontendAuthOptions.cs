namespace Fencepost.Engine.Security;

/// <summary>
/// The "Fencepost:Auth" section: who may call the gRPC frontend and the peers' internal port.
/// Off by default, for the embedded first run on loopback; a shared deployment turns it on.
/// </summary>
public sealed class FrontendAuthOptions
{
    public const string SectionName = "Fencepost:Auth";

    /// <summary>Every call needs credentials: a bearer token (an API key or a JWT) in the authorization header.</summary>
    public bool Enabled { get; set; }

    /// <summary>Static API keys, each with its name and permissions (as a JWT's permissions claim lists them).</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    public JwtOptions Jwt { get; set; } = new();

    /// <summary>
    /// The secret the cluster's nodes share: calls between nodes carry an HMAC of it, so a peer's
    /// internal port refuses anyone else. Required with <see cref="Enabled"/> on a cluster node.
    /// </summary>
    public string? NodeSecret { get; set; }

    public sealed class ApiKeyOptions
    {
        /// <summary>Who the key belongs to; recorded as the caller in logs and audits.</summary>
        public string Name { get; set; } = "";

        /// <summary>The key itself; prefer <see cref="KeySha256"/> so configuration never holds it.</summary>
        public string? Key { get; set; }

        /// <summary>The key's SHA-256 as hex (<c>printf %s "$KEY" | sha256sum</c>).</summary>
        public string? KeySha256 { get; set; }

        /// <summary>Like Temporal's claim: <c>namespace:read|write|admin</c>, or <c>system:admin</c> for every namespace and the cluster.</summary>
        public List<string> Permissions { get; set; } = [];
    }

    public sealed class JwtOptions
    {
        /// <summary>PEM files with the public keys (RSA or EC) JWTs may be signed with; re-read when they change.</summary>
        public List<string> KeyFiles { get; set; } = [];

        /// <summary>Base64 shared secrets for HS256 tokens.</summary>
        public List<string> HmacKeys { get; set; } = [];

        /// <summary>Required issuer (iss), when set.</summary>
        public string? Issuer { get; set; }

        /// <summary>Required audience (aud), when set.</summary>
        public string? Audience { get; set; }

        /// <summary>The claim that lists the permissions; Temporal's default claim mapper reads "permissions".</summary>
        public string PermissionsClaim { get; set; } = "permissions";
    }
}
