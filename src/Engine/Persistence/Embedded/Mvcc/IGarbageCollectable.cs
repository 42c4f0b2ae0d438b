namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

/// <summary>A row chain that may hold versions no open snapshot can see any more.</summary>
internal interface IGarbageCollectable
{
    /// <summary>Cuts versions older than the newest one visible at <paramref name="oldestSnapshot"/>.</summary>
    GarbageCollectionOutcome Trim(long oldestSnapshot, out int droppedVersions);

    /// <summary>Removes the row from its table when it is still a lone, old tombstone. Called under the commit lock.</summary>
    bool RemoveIfDead(long oldestSnapshot);

    /// <summary>Lets a later commit queue this chain again.</summary>
    void MarkDequeued();
}
