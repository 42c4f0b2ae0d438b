namespace Fencepost.Engine.Persistence.Errors;

/// <summary>The row asked for does not exist.</summary>
public sealed class EntityNotFoundException(string message) : PersistenceException(PersistenceErrorClass.NotFound, message);
