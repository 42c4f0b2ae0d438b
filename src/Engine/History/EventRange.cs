namespace Fencepost.Engine.History;

/// <summary>Event ids <see cref="From"/> up to, not including, <see cref="ToExclusive"/>.</summary>
internal readonly record struct EventRange(long From, long ToExclusive);
