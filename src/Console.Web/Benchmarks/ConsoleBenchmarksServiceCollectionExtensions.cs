namespace Fencepost.ConsoleWeb.Benchmarks;

public static class ConsoleBenchmarksServiceCollectionExtensions
{
    /// <summary>The Benchmarks page's run store and the singleton that runs the driver in this process.</summary>
    public static IServiceCollection AddConsoleBenchmarks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleBenchmarkOptions>()
            .Bind(configuration.GetSection(ConsoleBenchmarkOptions.SectionName))
            .Validate(o => o.RunsFolder is null || o.RunsFolder.IndexOfAny(Path.GetInvalidPathChars()) < 0, "RunsFolder is not a valid path.")
            .ValidateOnStart();
        services.AddSingleton<BenchmarkRunFolder>();
        services.AddSingleton<IBenchmarks, ConsoleBenchmarks>();
        return services;
    }
}
