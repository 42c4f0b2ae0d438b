using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;

namespace Fencepost.Engine.Persistence.Postgres.Auth;

/// <summary>
/// Makes the password Aurora DSQL expects under IAM authentication: a SigV4 query-string presigned
/// GET of <c>https://{endpoint}/?Action=DbConnect</c> (DbConnectAdmin for the admin role), service
/// "dsql", valid 900 s, with X-Amz-Security-Token for session credentials; the token is the URL
/// without "https://". AWSSDK.DSQL (whose generator does this) is not available on this feed, and
/// AWSSDK.Core's AWS4PreSignedUrlSigner needs a whole service request/config pipeline, so this is a
/// small SigV4 presigner on System.Security.Cryptography; credentials still come from AWSSDK.Core.
/// </summary>
public sealed class DsqlAuthTokenGenerator
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(900);

    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string Service = "dsql";
    // Presigned DSQL/RDS tokens sign the SHA-256 of an empty body.
    private const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private readonly Func<CancellationToken, Task<ImmutableCredentials>> _credentials;
    private readonly TimeProvider _timeProvider;

    public DsqlAuthTokenGenerator(Func<CancellationToken, Task<ImmutableCredentials>> credentials, TimeProvider timeProvider)
    {
        _credentials = credentials;
        _timeProvider = timeProvider;
    }

    /// <summary>A generator over AWSSDK.Core's default credential chain (environment, profile, container, instance).</summary>
    public static DsqlAuthTokenGenerator FromDefaultCredentials(TimeProvider timeProvider)
    {
        var credentials = Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
        return new DsqlAuthTokenGenerator(_ => credentials.GetCredentialsAsync(), timeProvider);
    }

    public async ValueTask<string> GenerateAsync(string endpoint, string region, bool admin, CancellationToken cancellationToken)
    {
        var credentials = await _credentials(cancellationToken).ConfigureAwait(false);
        return Sign(endpoint, region, admin, credentials, _timeProvider.GetUtcNow()).Token;
    }

    /// <summary>Signs a token for <paramref name="now"/>; deterministic for fixed inputs.</summary>
    public static DsqlAuthToken Sign(string endpoint, string region, bool admin, ImmutableCredentials credentials, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentNullException.ThrowIfNull(credentials);
        var utc = now.ToUniversalTime();
        var amzDate = utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var dateStamp = utc.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = $"{dateStamp}/{region}/{Service}/aws4_request";
        var host = endpoint.Trim().ToLowerInvariant();

        var query = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Action"] = admin ? "DbConnectAdmin" : "DbConnect",
            ["X-Amz-Algorithm"] = Algorithm,
            ["X-Amz-Credential"] = $"{credentials.AccessKey}/{scope}",
            ["X-Amz-Date"] = amzDate,
            ["X-Amz-Expires"] = ((int)TokenLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["X-Amz-SignedHeaders"] = "host",
        };
        if (!string.IsNullOrEmpty(credentials.Token))
        {
            query["X-Amz-Security-Token"] = credentials.Token;
        }
        var canonicalQuery = string.Join('&', query.Select(p => $"{UriEncode(p.Key)}={UriEncode(p.Value)}"));
        var canonicalRequest = $"GET\n/\n{canonicalQuery}\nhost:{host}\n\nhost\n{EmptyPayloadHash}";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var signingKey = DeriveSigningKey(credentials.SecretKey, dateStamp, region, Service);
        var signature = Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));
        var token = $"{host}/?{canonicalQuery}&X-Amz-Signature={signature}";
        return new DsqlAuthToken(token, canonicalRequest, stringToSign, signature, utc, utc + TokenLifetime);
    }

    /// <summary>SigV4's key derivation: HMAC chain over date, region, service and "aws4_request".</summary>
    public static byte[] DeriveSigningKey(string secretKey, string dateStamp, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(dateStamp));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
    }

    /// <summary>RFC 3986 percent-encoding as SigV4 wants it: only A-Z a-z 0-9 - _ . ~ stay, hex is upper case.</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
