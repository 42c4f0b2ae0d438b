namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

internal enum GarbageCollectionOutcome
{
    /// <summary>One live version remains; nothing more to do until the row is written again.</summary>
    Done,
    /// <summary>Versions remain that an open snapshot may still need: look again later.</summary>
    KeepWatching,
    /// <summary>Only an old tombstone remains: the row can leave its table.</summary>
    Dead,
}
