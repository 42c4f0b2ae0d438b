namespace Fencepost.Engine.Persistence.Model;

/// <summary>
/// One of the cluster's secret keys for a purpose (e.g. signing task tokens), numbered from 1. Keys are
/// only ever added: the newest signs, every stored one still verifies what it signed.
/// </summary>
public sealed record SigningKeyRecord(string Purpose, int KeyId, byte[] Secret, DateTimeOffset CreatedAt);
