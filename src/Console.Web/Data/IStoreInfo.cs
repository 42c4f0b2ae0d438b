namespace Fencepost.ConsoleWeb.Data;

/// <summary>Which store the engine in this process uses; null when the console runs without one.</summary>
public interface IStoreInfo
{
    StoreDescription? Current { get; }
}
