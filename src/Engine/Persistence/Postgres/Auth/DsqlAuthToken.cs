namespace Fencepost.Engine.Persistence.Postgres.Auth;

/// <summary>A DSQL auth token and the SigV4 intermediate values it was made from (for tests and diagnostics).</summary>
public sealed record DsqlAuthToken(string Token, string CanonicalRequest, string StringToSign, string Signature, DateTimeOffset SignedAt, DateTimeOffset ExpiresAt);
