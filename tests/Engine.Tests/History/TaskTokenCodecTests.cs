using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Tests.Persistence.Embedded;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Engine.Tests.History;

/// <summary>
/// Task tokens are signed with the cluster's keys: a token built from public facts (describe and
/// history show every field) or altered in one byte is refused, and key rotation never strands a
/// token that was handed out before it.
/// </summary>
public sealed class TaskTokenCodecTests : IAsyncDisposable
{
    private static readonly TaskToken Token = new(TaskTokenKind.ActivityTask, Guid.NewGuid(), "wf-1", Guid.NewGuid(), 5, 0, 2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly EmbeddedPersistenceStore _store;
    private readonly TaskTokenKeys _keys;
    private readonly TaskTokenCodec _codec;

    public TaskTokenCodecTests()
    {
        _store = EmbeddedStoreFactory.Create(_time);
        _keys = new TaskTokenKeys(_store, _time);
        _codec = new TaskTokenCodec(_keys);
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task Decode_WhatEncodeIssued_SameToken()
    {
        await _keys.RefreshAsync(CancellationToken.None);

        Assert.Equal(Token, _codec.Decode(_codec.Encode(Token).Span));
    }

    [Fact]
    public async Task Decode_UnsignedLayoutBuiltFromPublicFields_Refused()
    {
        await _keys.RefreshAsync(CancellationToken.None);

        var error = Assert.Throws<ServiceErrorException>(() => _codec.Decode(Token.ToBytes()));

        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task Decode_AnyByteChanged_Refused()
    {
        await _keys.RefreshAsync(CancellationToken.None);
        var issued = _codec.Encode(Token).ToByteArray();

        for (var i = 0; i < issued.Length; i++)
        {
            var tampered = (byte[])issued.Clone();
            tampered[i] ^= 0x01;
            Assert.Throws<ServiceErrorException>(() => _codec.Decode(tampered));
        }
    }

    [Fact]
    public async Task Decode_SignedByAnotherClustersKey_Refused()
    {
        await _keys.RefreshAsync(CancellationToken.None);
        await using var otherStore = EmbeddedStoreFactory.Create(_time);
        var otherKeys = new TaskTokenKeys(otherStore, _time);
        await otherKeys.RefreshAsync(CancellationToken.None);

        var foreign = new TaskTokenCodec(otherKeys).Encode(Token);

        Assert.Throws<ServiceErrorException>(() => _codec.Decode(foreign.Span));
    }

    [Fact]
    public async Task Rotation_AfterTheLifetime_NewKeySignsOnceActiveAndOldTokensStillVerify()
    {
        await _keys.RefreshAsync(CancellationToken.None);
        var before = _codec.Encode(Token);

        _time.Advance(TaskTokenKeys.Lifetime);
        await _keys.RefreshAsync(CancellationToken.None);
        var firstKeyStillSigns = _keys.Signing.KeyId;
        _time.Advance(TaskTokenKeys.Activation);
        var after = _codec.Encode(Token);

        Assert.Equal(1, firstKeyStillSigns);
        Assert.Equal(2, _keys.Signing.KeyId);
        Assert.Equal(Token, _codec.Decode(before.Span));
        Assert.Equal(Token, _codec.Decode(after.Span));
    }
}
