namespace Fencepost.Engine.Persistence.Errors;

/// <summary>A compare-and-set condition did not hold (record version, current run, lease range). Never retried.</summary>
public sealed class ConditionFailedException(string message) : PersistenceException(PersistenceErrorClass.ConditionFailed, message);
