using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Occ;

namespace Fencepost.Engine.Persistence.Embedded;

/// <summary>
/// The emulator throws only <see cref="PersistenceException"/>s (conflicts as OC000, limits as 54000),
/// which the runner classifies by themselves; anything else is a bug or a cancellation and is not ours.
/// </summary>
internal sealed class EmbeddedErrorClassifier : IStoreErrorClassifier
{
    public static EmbeddedErrorClassifier Instance { get; } = new();

    public PersistenceException? Classify(Exception exception) => null;
}
