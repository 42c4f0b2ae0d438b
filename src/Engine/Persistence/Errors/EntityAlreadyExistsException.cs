namespace Fencepost.Engine.Persistence.Errors;

/// <summary>The row to create exists already (namespace name, cluster metadata, shard).</summary>
public sealed class EntityAlreadyExistsException(string message) : PersistenceException(PersistenceErrorClass.AlreadyExists, message);
