using System.Collections.Frozen;
using Fencepost.Engine.Persistence.Visibility;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Namespaces;

/// <summary>A namespace as the engine uses it; <see cref="Description"/> is what DescribeNamespace returns (and what is stored).</summary>
public sealed record NamespaceEntry(Guid Id, string Name, long NotificationVersion, DescribeNamespaceResponse Description)
{
    /// <summary>
    /// The custom search attributes registered in this namespace, by name: read from the config's
    /// custom_search_attribute_aliases (pre-allocated field such as Keyword01 to name), as Temporal's
    /// SQL visibility keeps them.
    /// </summary>
    public FrozenDictionary<string, SearchAttributeType> CustomSearchAttributes { get; } = ReadCustomSearchAttributes(Description);

    /// <summary>Every search attribute a visibility query may filter on here: the custom ones and Temporal's system ones held in a run's search attributes.</summary>
    public IReadOnlyDictionary<string, SearchAttributeType> QueryableSearchAttributes => Search.SearchAttributeValues.Queryable(this);

    private static FrozenDictionary<string, SearchAttributeType> ReadCustomSearchAttributes(DescribeNamespaceResponse description)
    {
        var custom = new Dictionary<string, SearchAttributeType>(StringComparer.Ordinal);
        if (description.Config is { } config)
        {
            foreach (var (field, alias) in config.CustomSearchAttributeAliases)
            {
                if (alias.Length > 0 && Search.SearchAttributeCatalog.TypeOfField(field) is { } type)
                {
                    custom[alias] = type;
                }
            }
        }
        return custom.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
