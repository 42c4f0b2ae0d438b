namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

/// <summary>
/// One committed version of a row. <see cref="Value"/> null is a tombstone (the row was deleted at
/// <see cref="Sequence"/>). Versions form a newest-first chain; garbage collection cuts
/// <see cref="Older"/> once no open snapshot can reach past this version.
/// </summary>
internal sealed class RowVersion<TValue>(long sequence, TValue? value, RowVersion<TValue>? older)
    where TValue : class
{
    private RowVersion<TValue>? _older = older;

    public long Sequence { get; } = sequence;

    public TValue? Value { get; } = value;

    public RowVersion<TValue>? Older => Volatile.Read(ref _older);

    public void ForgetOlder() => Volatile.Write(ref _older, null);
}
