namespace Fencepost.Engine.Persistence.Errors;

/// <summary>The request is malformed (unknown shard, oversized payload, inconsistent fields); nothing was written.</summary>
public sealed class InvalidPersistenceRequestException(string message) : PersistenceException(PersistenceErrorClass.InvalidRequest, message);
