namespace Fencepost.ConsoleWeb.Data;

/// <summary>One namespace as the Namespaces page lists it.</summary>
public sealed record NamespaceRow(string Name, string State, TimeSpan Retention, string Description, string OwnerEmail);
