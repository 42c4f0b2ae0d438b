using Fencepost.Diagnostics.Metrics;
using Fencepost.Diagnostics.Metrics.Export;
using Fencepost.ConsoleWeb.Metrics;
using Microsoft.Extensions.Options;

// In ASP.NET Core's namespace, as Map* extensions are, so hosts need no extra using.
namespace Microsoft.AspNetCore.Builder;

/// <summary><c>app.MapFencepostMetrics()</c>: the Prometheus endpoint, and the CloudWatch EMF writer when enabled.</summary>
public static class FencepostMetricsEndpointExtensions
{
    public const string Path = "/metrics";

    /// <summary>
    /// Maps <c>GET /metrics</c> (Prometheus text 0.0.4, anonymous, as scrapers expect) over the
    /// registered <see cref="MetricsCollector"/>, or over one created here when none is registered.
    /// It is called before the host starts, so the collector listens before the engine records
    /// anything. The EMF writer is tied to the application's lifetime here rather than registered as
    /// a hosted service because the console's Program.cs has exactly one hook for metrics, this call.
    /// </summary>
    public static WebApplication MapFencepostMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = ReadSettings(app.Configuration);
        var validation = new MetricsExportOptionsValidator().Validate(null, settings);
        if (validation.Failed)
        {
            throw new OptionsValidationException(MetricsExportOptions.SectionName, typeof(MetricsExportOptions), validation.Failures);
        }

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var collector = app.Services.GetService<MetricsCollector>();
        if (collector is null)
        {
            collector = new MetricsCollector(MetricsCollectorOptions.Product);
            lifetime.ApplicationStopped.Register(collector.Dispose);
        }
        var exporter = new PrometheusTextExporter(collector);
        app.MapGet(Path, () => Results.Text(exporter.Export(), PrometheusTextExporter.ContentType)).AllowAnonymous().ExcludeFromDescription();

        if (settings.CloudWatchEmf.Enabled)
        {
            var writer = new CloudWatchEmfWriter(
                collector,
                () => ReadSettings(app.Configuration).CloudWatchEmf,
                app.Services.GetService<TimeProvider>() ?? TimeProvider.System,
                app.Services.GetRequiredService<ILogger<CloudWatchEmfWriter>>());
            lifetime.ApplicationStarted.Register(() => _ = writer.StartAsync(lifetime.ApplicationStopping));
            lifetime.ApplicationStopping.Register(() => writer.StopAsync(CancellationToken.None).GetAwaiter().GetResult());
            lifetime.ApplicationStopped.Register(writer.Dispose);
        }
        return app;
    }

    private static MetricsExportOptions ReadSettings(IConfiguration configuration)
    {
        var settings = new MetricsExportOptions();
        configuration.GetSection(MetricsExportOptions.SectionName).Bind(settings);
        return settings;
    }
}
