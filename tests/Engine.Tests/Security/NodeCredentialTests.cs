using Fencepost.Engine.Security;

namespace Fencepost.Engine.Tests.Security;

public sealed class NodeCredentialTests
{
    private const string Secret = "a-node-secret-of-some-length";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IsValid_FreshHeaderWithTheSecret_True() =>
        Assert.True(NodeCredential.IsValid(NodeCredential.Create(Secret, Now), Secret, Now.AddSeconds(30)));

    [Fact]
    public void IsValid_AnotherSecretOrTooOldOrGarbage_False()
    {
        Assert.False(NodeCredential.IsValid(NodeCredential.Create("another-secret-entirely", Now), Secret, Now));
        Assert.False(NodeCredential.IsValid(NodeCredential.Create(Secret, Now), Secret, Now + NodeCredential.Tolerance + TimeSpan.FromSeconds(1)));
        Assert.False(NodeCredential.IsValid("12345.not-base64!", Secret, Now));
        Assert.False(NodeCredential.IsValid(null, Secret, Now));
    }
}
