using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Fencepost.Engine.Persistence.Postgres.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

public sealed class DsqlAuthTokenGeneratorTests
{
    private const string Endpoint = "abcdefghijklmnop.dsql.us-east-1.on.aws";
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly ImmutableCredentials Session = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session/token+with=chars");

    [Fact]
    public void DeriveSigningKey_AwsDocumentedVector_MatchesPublishedKey()
    {
        // AWS SigV4 documentation's example: secret wJalr..., 20120215, us-east-1, iam.
        var key = DsqlAuthTokenGenerator.DeriveSigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");

        Assert.Equal("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", Convert.ToHexStringLower(key));
    }

    [Fact]
    public void Sign_SessionCredentials_CanonicalRequestListsEverySignedQueryParameterInOrder()
    {
        var token = DsqlAuthTokenGenerator.Sign(Endpoint, "us-east-1", admin: false, Session, At);

        var expected = "GET\n/\n" +
            "Action=DbConnect&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20260304%2Fus-east-1%2Fdsql%2Faws4_request" +
            "&X-Amz-Date=20260304T050607Z&X-Amz-Expires=900&X-Amz-Security-Token=session%2Ftoken%2Bwith%3Dchars&X-Amz-SignedHeaders=host\n" +
            $"host:{Endpoint}\n\nhost\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        Assert.Equal(expected, token.CanonicalRequest);
    }

    [Fact]
    public void Sign_FixedClockAndCredentials_StringToSignAndSignatureMatchAnIndependentSigV4Computation()
    {
        var token = DsqlAuthTokenGenerator.Sign(Endpoint, "us-east-1", admin: true, Session, At);

        var canonicalHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.CanonicalRequest)));
        Assert.Equal($"AWS4-HMAC-SHA256\n20260304T050607Z\n20260304/us-east-1/dsql/aws4_request\n{canonicalHash}", token.StringToSign);
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + Session.SecretKey), "20260304"), "us-east-1"), "dsql"), "aws4_request");
        Assert.Equal(Convert.ToHexStringLower(Hmac(key, token.StringToSign)), token.Signature);
        Assert.Contains("Action=DbConnectAdmin&", token.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_Token_IsThePresignedUrlWithoutScheme()
    {
        var token = DsqlAuthTokenGenerator.Sign(Endpoint, "us-east-1", admin: false, new ImmutableCredentials("AKIDEXAMPLE", "secret", null), At);

        Assert.StartsWith($"{Endpoint}/?Action=DbConnect&X-Amz-Algorithm=AWS4-HMAC-SHA256&", token.Token, StringComparison.Ordinal);
        Assert.EndsWith($"&X-Amz-Signature={token.Signature}", token.Token, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Amz-Security-Token", token.Token, StringComparison.Ordinal);
        Assert.Equal(At.AddSeconds(900), token.ExpiresAt);
    }

    [Fact]
    public async Task GenerateAsync_ClockMoves_TokenIsSignedForTheNewTime()
    {
        var clock = new FakeTimeProvider(At);
        var generator = new DsqlAuthTokenGenerator(_ => Task.FromResult(Session), clock);

        var first = await generator.GenerateAsync(Endpoint, "us-east-1", admin: false, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(10));
        var second = await generator.GenerateAsync(Endpoint, "us-east-1", admin: false, CancellationToken.None);

        Assert.Contains("X-Amz-Date=20260304T050607Z", first, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Date=20260304T051607Z", second, StringComparison.Ordinal);
    }

    private static byte[] Hmac(byte[] key, string data)
    {
        using var hmac = new HMACSHA256(key);
        return hmac.ComputeHash(Encoding.UTF8.GetBytes(data));
    }
}
