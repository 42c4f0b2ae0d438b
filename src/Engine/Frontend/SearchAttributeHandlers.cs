using Fencepost.Engine.Errors;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Search;
using Grpc.Core;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// Custom search attributes: OperatorService's AddSearchAttributes, ListSearchAttributes and
/// RemoveSearchAttributes, and WorkflowService's GetSearchAttributes. A namespace's attributes live
/// in its config (custom_search_attribute_aliases, pre-allocated field to name, as Temporal's SQL
/// visibility keeps them), changed by compare-and-set on the namespace's notification version.
/// </summary>
internal sealed class SearchAttributeHandlers(NamespaceRegistry namespaces) : IWorkflowServiceHandlerSource
{
    private const int Attempts = 5;

    public void Register(HandlerRegistrar registrar) =>
        registrar.Add<GetSearchAttributesRequest, GetSearchAttributesResponse>("GetSearchAttributes", GetSearchAttributesAsync);

    public void RegisterOperator(HandlerRegistrar registrar)
    {
        registrar.Add<AddSearchAttributesRequest, AddSearchAttributesResponse>("AddSearchAttributes", AddAsync);
        registrar.Add<RemoveSearchAttributesRequest, RemoveSearchAttributesResponse>("RemoveSearchAttributes", RemoveAsync);
        registrar.Add<ListSearchAttributesRequest, ListSearchAttributesResponse>("ListSearchAttributes", ListAsync);
    }

    private async Task<AddSearchAttributesResponse> AddAsync(AddSearchAttributesRequest request, ServerCallContext context)
    {
        if (request.SearchAttributes.Count == 0)
        {
            throw ServiceErrorException.InvalidArgument("SearchAttributes are not set on request.");
        }
        foreach (var (name, type) in request.SearchAttributes)
        {
            if (SearchAttributeCatalog.NameProblem(name) is { } problem)
            {
                throw ServiceErrorException.InvalidArgument(problem);
            }
            if (SearchAttributeCatalog.FromProto(type) is null)
            {
                throw ServiceErrorException.InvalidArgument($"Unknown search attribute type: {type}.");
            }
        }
        await ChangeAsync(request.Namespace, context, (entry, aliases) =>
        {
            foreach (var (name, protoType) in request.SearchAttributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                var type = SearchAttributeCatalog.FromProto(protoType)!.Value;
                if (entry.CustomSearchAttributes.TryGetValue(name, out var existing) || aliases.ContainsValue(name))
                {
                    // Registering the same attribute again changes nothing (Temporal's SQL visibility skips it).
                    if (existing != type && entry.CustomSearchAttributes.ContainsKey(name))
                    {
                        throw ServiceErrorException.InvalidArgument($"Search attribute {name} already exists with type {existing}; remove it first to register it as {type}.");
                    }
                    continue;
                }
                var slot = Enumerable.Range(1, SearchAttributeCatalog.MaxPerType)
                    .Select(i => SearchAttributeCatalog.Field(type, i))
                    .FirstOrDefault(field => !aliases.TryGetValue(field, out var used) || used.Length == 0)
                    ?? throw ServiceErrorException.InvalidArgument(
                        $"Unable to create search attributes: cannot have more than {SearchAttributeCatalog.MaxPerType} search attributes of type {type} in namespace {entry.Name}.");
                aliases[slot] = name;
            }
        }).ConfigureAwait(false);
        return new AddSearchAttributesResponse();
    }

    private async Task<RemoveSearchAttributesResponse> RemoveAsync(RemoveSearchAttributesRequest request, ServerCallContext context)
    {
        if (request.SearchAttributes.Count == 0)
        {
            throw ServiceErrorException.InvalidArgument("SearchAttributes are not set on request.");
        }
        await ChangeAsync(request.Namespace, context, (_, aliases) =>
        {
            foreach (var name in request.SearchAttributes)
            {
                var field = aliases.FirstOrDefault(a => a.Value == name).Key;
                if (field is null)
                {
                    if (SearchAttributeCatalog.Columns.ContainsKey(name) || SearchAttributeCatalog.Predefined.ContainsKey(name))
                    {
                        throw ServiceErrorException.InvalidArgument($"Unable to remove non-custom search attributes: {name}.");
                    }
                    throw ServiceErrorException.NotFound($"Search attribute {name} doesn't exist.");
                }
                aliases.Remove(field);
            }
        }).ConfigureAwait(false);
        return new RemoveSearchAttributesResponse();
    }

    private async Task<ListSearchAttributesResponse> ListAsync(ListSearchAttributesRequest request, ServerCallContext context)
    {
        var entry = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        var response = new ListSearchAttributesResponse();
        foreach (var (name, type) in entry.CustomSearchAttributes)
        {
            response.CustomAttributes[name] = SearchAttributeCatalog.ToProto(type);
        }
        foreach (var (name, type) in SearchAttributeCatalog.System)
        {
            response.SystemAttributes[name] = SearchAttributeCatalog.ToProto(type);
        }
        return response;
    }

    /// <summary>
    /// The request carries no namespace: the system attributes, and the custom ones of the namespace
    /// the call names in its temporal-namespace header, else of "default" when it exists.
    /// </summary>
    private async Task<GetSearchAttributesResponse> GetSearchAttributesAsync(GetSearchAttributesRequest request, ServerCallContext context)
    {
        var response = new GetSearchAttributesResponse();
        foreach (var (name, type) in SearchAttributeCatalog.System)
        {
            response.Keys[name] = SearchAttributeCatalog.ToProto(type);
        }
        var header = context.RequestHeaders?.GetValue("temporal-namespace");
        NamespaceEntry? entry;
        try
        {
            entry = await namespaces.GetAsync(string.IsNullOrEmpty(header) ? "default" : header, context.CancellationToken).ConfigureAwait(false);
        }
        catch (ServiceErrorException) when (string.IsNullOrEmpty(header))
        {
            entry = null;
        }
        if (entry is not null)
        {
            foreach (var (name, type) in entry.CustomSearchAttributes)
            {
                response.Keys[name] = SearchAttributeCatalog.ToProto(type);
            }
        }
        return response;
    }

    /// <summary>Applies <paramref name="change"/> to the namespace's aliases and saves them, again on a concurrent change.</summary>
    private async Task ChangeAsync(string ns, ServerCallContext context, Action<NamespaceEntry, Dictionary<string, string>> change)
    {
        if (string.IsNullOrEmpty(ns))
        {
            throw ServiceErrorException.InvalidArgument("Namespace is not set on request.");
        }
        for (var attempt = 1; ; attempt++)
        {
            var entry = await namespaces.GetAsync(ns, context.CancellationToken).ConfigureAwait(false);
            var aliases = new Dictionary<string, string>(entry.Description.Config?.CustomSearchAttributeAliases ?? [], StringComparer.Ordinal);
            change(entry, aliases);
            var updated = entry.Description.Clone();
            updated.Config ??= new Temporalio.Api.Namespace.V1.NamespaceConfig();
            updated.Config.CustomSearchAttributeAliases.Clear();
            updated.Config.CustomSearchAttributeAliases.Add(aliases.Where(a => a.Value.Length > 0).ToDictionary());
            if (updated.Equals(entry.Description))
            {
                return;
            }
            try
            {
                await namespaces.UpdateAsync(entry, updated, context.CancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConditionFailedException) when (attempt < Attempts)
            {
                // Another change to the namespace won: read it again and apply this one on top.
                namespaces.Forget(ns);
            }
            catch (ConditionFailedException)
            {
                namespaces.Forget(ns);
                throw ServiceErrorException.Unavailable($"Namespace {ns} changed concurrently; retry.");
            }
        }
    }
}
