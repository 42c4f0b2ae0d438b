using Fencepost.ConsoleWeb.Data;
using Temporalio.Api.History.V1;

namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>
/// Walks a run's history a page at a time through the frontend's page tokens: only the page shown is
/// held, so a run of 50,000 events costs a viewer one page. The token that opened each page seen so
/// far is kept (a few dozen bytes each), so Previous re-reads the page before from the same place.
/// </summary>
public sealed class HistoryPager(IWorkflowDetails details, WorkflowRunRef run, int pageSize)
{
    // _openedBy[i] is the token that reads page i; page 0 reads from the first event.
    private readonly List<byte[]?> _openedBy = [null];
    private byte[]? _next;

    public WorkflowRunRef Run { get; } = run;

    public int PageSize { get; } = pageSize;

    /// <summary>The page shown, counted from 0.</summary>
    public int PageIndex { get; private set; }

    /// <summary>The events of the page shown.</summary>
    public IReadOnlyList<HistoryEvent> Events { get; private set; } = [];

    public bool HasPrevious => PageIndex > 0;

    /// <summary>Whether the frontend said there is more after this page.</summary>
    public bool HasNext => _next is not null;

    public Task FirstAsync(CancellationToken cancellationToken = default) => ShowAsync(0, cancellationToken);

    public Task NextAsync(CancellationToken cancellationToken = default) =>
        HasNext ? ShowAsync(PageIndex + 1, cancellationToken) : Task.CompletedTask;

    public Task PreviousAsync(CancellationToken cancellationToken = default) =>
        HasPrevious ? ShowAsync(PageIndex - 1, cancellationToken) : Task.CompletedTask;

    private async Task ShowAsync(int index, CancellationToken cancellationToken)
    {
        if (index == _openedBy.Count)
        {
            _openedBy.Add(_next);
        }
        var page = await details.GetHistoryPageAsync(Run, _openedBy[index], PageSize, cancellationToken);
        PageIndex = index;
        Events = page.Events;
        _next = page.Events.Count == 0 ? null : page.NextPageToken;
    }
}
