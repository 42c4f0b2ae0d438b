using System.Security.Cryptography;
using System.Text;
using Fencepost.Engine.Errors;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fencepost.Engine.Security;

/// <summary>
/// Establishes who is calling from the <c>authorization</c> header, as the SDKs send it (their API
/// key option sends <c>Bearer &lt;key&gt;</c>): this process's own console, a configured API key, or a
/// JWT signed by a configured key whose permissions claim says what the caller may do.
/// </summary>
internal sealed class CallerAuthenticator(IOptionsMonitor<FrontendAuthOptions> options, JwtKeyRing keys, LocalConsoleCredential local)
{
    public const string AuthorizationHeader = "authorization";
    private static readonly JsonWebTokenHandler Tokens = new();

    public async ValueTask<CallerIdentity> AuthenticateAsync(string? authorization)
    {
        var token = BearerToken(authorization) ?? throw Unauthenticated(
            "This server requires credentials: send an API key or a JWT as 'authorization: Bearer <token>' (the SDKs' API key option does).");
        if (FixedTimeEquals(token, local.Token))
        {
            return new CallerIdentity(LocalConsoleCredential.CallerName, CallerPermissions.Parse([$"{CallerPermissions.SystemNamespace}:admin"])) { IsLocalConsole = true };
        }
        var settings = options.CurrentValue;
        if (FindApiKey(settings, token) is { } apiKey)
        {
            return new CallerIdentity(apiKey.Name, CallerPermissions.Parse(apiKey.Permissions));
        }
        if (LooksLikeJwt(token))
        {
            return await ValidateJwtAsync(settings.Jwt, token).ConfigureAwait(false);
        }
        throw Unauthenticated("The credentials are not valid: no API key matches and it is not a JWT.");
    }

    private async Task<CallerIdentity> ValidateJwtAsync(FrontendAuthOptions.JwtOptions jwt, string token)
    {
        var signingKeys = keys.Current();
        if (signingKeys.Count == 0)
        {
            throw Unauthenticated("The credentials are a JWT, but this server has no JWT keys configured (Fencepost:Auth:Jwt).");
        }
        var result = await Tokens.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = signingKeys,
            ValidateIssuer = jwt.Issuer is not null,
            ValidIssuer = jwt.Issuer,
            ValidateAudience = jwt.Audience is not null,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            throw Unauthenticated($"The JWT is not valid: {result.Exception?.Message ?? "rejected"}");
        }
        var claims = result.ClaimsIdentity.Claims.ToList();
        var permissions = claims.Where(c => c.Type == jwt.PermissionsClaim)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var subject = claims.FirstOrDefault(c => c.Type is "sub")?.Value ?? "jwt";
        return new CallerIdentity(subject, CallerPermissions.Parse(permissions));
    }

    private static FrontendAuthOptions.ApiKeyOptions? FindApiKey(FrontendAuthOptions settings, string token)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        foreach (var apiKey in settings.ApiKeys)
        {
            var expected = apiKey.KeySha256 is { Length: 64 } hex ? Convert.FromHexString(hex)
                : apiKey.Key is { Length: > 0 } plain ? SHA256.HashData(Encoding.UTF8.GetBytes(plain))
                : null;
            if (expected is not null && CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                return apiKey;
            }
        }
        return null;
    }

    private static string? BearerToken(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return null;
        }
        var value = authorization.Trim();
        return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..].Trim() : value;
    }

    private static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static ServiceErrorException Unauthenticated(string message) => new(StatusCode.Unauthenticated, message);
}
