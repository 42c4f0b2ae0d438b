namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

/// <summary>What every emulator table has regardless of its key and row types.</summary>
public abstract class MvccTableBase
{
    private protected MvccTableBase(string name) => Name = name;

    public string Name { get; }
}
