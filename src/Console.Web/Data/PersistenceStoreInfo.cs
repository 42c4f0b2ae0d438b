using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>Describes the registered <see cref="IPersistenceStore"/>, if any.</summary>
internal sealed class PersistenceStoreInfo(IServiceProvider services) : IStoreInfo
{
    private readonly Lazy<StoreDescription?> _description = new(() =>
        services.GetService<IPersistenceStore>() is { } store
            ? new StoreDescription(store.Kind, LosesDataOnExit: store.Kind == "embedded")
            : null);

    public StoreDescription? Current => _description.Value;
}
