using System.Security.Cryptography;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.History;

/// <summary>
/// The cluster's secret keys for task tokens, kept in the store so every node signs and verifies
/// alike. Keys are only added: a new one is made every <see cref="Lifetime"/>, and it signs only
/// once it is <see cref="Activation"/> old, by which time every node has read it (nodes re-read the
/// keys every minute), so no node meets a token signed with a key it does not know yet. Old keys keep
/// verifying: a long activity's token stays good whatever was rotated since.
/// </summary>
internal sealed class TaskTokenKeys(IPersistenceStore store, TimeProvider timeProvider)
{
    public const string Purpose = "task-token";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);
    public static readonly TimeSpan Activation = TimeSpan.FromMinutes(5);

    private volatile IReadOnlyList<SigningKeyRecord> _keys = [];

    /// <summary>The key new tokens are signed with: the newest active one, or the first while it is the only one.</summary>
    public SigningKeyRecord Signing
    {
        get
        {
            var keys = _keys;
            if (keys.Count == 0)
            {
                throw new InvalidOperationException("Task token keys are not loaded yet; the engine signs tokens only after it has started.");
            }
            var activeBefore = timeProvider.GetUtcNow() - Activation;
            return keys.LastOrDefault(k => k.CreatedAt <= activeBefore) ?? keys[0];
        }
    }

    public SigningKeyRecord? Find(int keyId)
    {
        foreach (var key in _keys)
        {
            if (key.KeyId == keyId)
            {
                return key;
            }
        }
        return null;
    }

    /// <summary>Reads the keys, making the first one if the cluster has none and the next one when the newest is past its lifetime.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var keys = await store.Cluster.ListSigningKeysAsync(Purpose, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        if (keys.Count == 0 || keys[^1].CreatedAt + Lifetime <= now)
        {
            var next = new SigningKeyRecord(Purpose, keys.Count == 0 ? 1 : keys[^1].KeyId + 1, RandomNumberGenerator.GetBytes(32), now);
            await store.Cluster.AddSigningKeyAsync(next, cancellationToken).ConfigureAwait(false);
            keys = await store.Cluster.ListSigningKeysAsync(Purpose, cancellationToken).ConfigureAwait(false);
        }
        _keys = keys;
    }
}
