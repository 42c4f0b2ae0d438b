using Fencepost.ConsoleWeb.Data;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

public sealed class FakeStoreInfo(StoreDescription? current) : IStoreInfo
{
    public StoreDescription? Current { get; set; } = current;
}
