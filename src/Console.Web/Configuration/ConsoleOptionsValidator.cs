using Fencepost.ConsoleWeb.Security;
using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Configuration;

/// <summary>Reports every problem of <see cref="ConsoleOptions"/> at once, at start.</summary>
internal sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        var errors = new List<string>(options.Tls.Problems($"{ConsoleOptions.SectionName}:Tls"));
        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"Fencepost:Console:Port must be 0-65535 (0 picks a free port), got {options.Port}.");
        }
        if (options.Address != "localhost" && !System.Net.IPAddress.TryParse(options.Address, out _))
        {
            errors.Add($"Fencepost:Console:Address must be 'localhost' or an IP address, got '{options.Address}'.");
        }

        if (options.MaxFailedSignIns < 1)
        {
            errors.Add("Fencepost:Console:MaxFailedSignIns must be at least 1.");
        }
        if (options.FailedSignInWindow <= TimeSpan.Zero)
        {
            errors.Add("Fencepost:Console:FailedSignInWindow must be positive.");
        }
        if (options.AdminPassword is { Length: > 0 and < 12 })
        {
            errors.Add("Fencepost:Console:AdminPassword must be at least 12 characters.");
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var at = $"Fencepost:Console:Users:{i}";
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                errors.Add($"{at}:Name is required.");
            }
            else if (!seen.Add(user.Name))
            {
                errors.Add($"{at}:Name '{user.Name}' is configured twice.");
            }
            if (!ConsoleRoles.TryParse(user.Role, out _))
            {
                errors.Add($"{at}:Role must be viewer, operator or admin, got '{user.Role}'.");
            }
            if (string.IsNullOrWhiteSpace(user.PasswordHash))
            {
                errors.Add($"{at}:PasswordHash is required (the Users page produces one).");
            }
        }
        foreach (var peer in options.Peers)
        {
            if (!Uri.TryCreate(peer, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"Fencepost:Console:Peers entry '{peer}' must be an absolute http(s) URL.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
