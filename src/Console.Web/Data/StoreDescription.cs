namespace Fencepost.ConsoleWeb.Data;

/// <summary>What the banner says about the store: its kind and whether its data dies with the process.</summary>
public sealed record StoreDescription(string Kind, bool LosesDataOnExit);
