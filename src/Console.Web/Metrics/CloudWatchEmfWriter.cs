using Fencepost.Diagnostics.Metrics;
using Fencepost.Diagnostics.Metrics.Export;

namespace Fencepost.ConsoleWeb.Metrics;

/// <summary>
/// Every interval, writes the collector's metrics as CloudWatch EMF lines to a file (which the
/// CloudWatch agent tails) or to standard output (which container log drivers ship). A write that
/// fails is logged and retried at the next interval, never swallowed silently. Settings are read
/// live at each use (the namespace once, since it keys the converter's running totals).
/// </summary>
public sealed partial class CloudWatchEmfWriter(
    MetricsCollector collector,
    Func<MetricsExportOptions.CloudWatchEmfOptions> settings,
    TimeProvider time,
    ILogger<CloudWatchEmfWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var converter = new EmfSnapshotConverter(new CloudWatchEmfFormatter(settings().Namespace));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings().Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var lines = converter.Convert(time.GetUtcNow(), collector.Collect());
            try
            {
                await WriteAsync(settings().Path, lines, stoppingToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                LogWriteFailed(logger, ex, lines.Count);
            }
            catch (UnauthorizedAccessException ex)
            {
                LogWriteFailed(logger, ex, lines.Count);
            }
        }
    }

    private static async Task WriteAsync(string? path, IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        if (lines.Count == 0)
        {
            return;
        }
        if (string.IsNullOrWhiteSpace(path))
        {
            foreach (var line in lines)
            {
                await Console.Out.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        await File.AppendAllLinesAsync(path, lines, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Writing {Lines} CloudWatch EMF lines failed; the next interval tries again")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int lines);
}
