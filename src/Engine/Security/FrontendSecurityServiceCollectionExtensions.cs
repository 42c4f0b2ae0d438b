using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Security;

/// <summary>Registers the frontend's authentication and authorization (the interceptor itself is added to gRPC's options by the engine).</summary>
public static class FrontendSecurityServiceCollectionExtensions
{
    public static IServiceCollection AddFrontendSecurity(this IServiceCollection services, IConfiguration? configuration)
    {
        var options = services.AddOptions<FrontendAuthOptions>().ValidateOnStart();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(FrontendAuthOptions.SectionName));
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FrontendAuthOptions>, FrontendAuthOptionsValidator>());
        services.TryAddSingleton<LocalConsoleCredential>();
        services.TryAddSingleton<IConsoleWriteGate, OpenConsoleWriteGate>();
        services.TryAddSingleton<JwtKeyRing>();
        services.TryAddSingleton<CallerAuthenticator>();
        services.TryAddSingleton<FrontendAuthorizationInterceptor>();
        return services;
    }
}
