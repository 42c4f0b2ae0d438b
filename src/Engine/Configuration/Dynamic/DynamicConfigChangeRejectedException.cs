namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>A change request that cannot be applied as asked; <see cref="Exception.Message"/> says why in words a person can act on.</summary>
public sealed class DynamicConfigChangeRejectedException(string message) : Exception(message);
