using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Security;

/// <summary>Reports every problem of <see cref="FrontendAuthOptions"/> at once, at start.</summary>
internal sealed class FrontendAuthOptionsValidator : IValidateOptions<FrontendAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, FrontendAuthOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var at = $"{FrontendAuthOptions.SectionName}:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                errors.Add($"{at}:Name is required.");
            }
            var hasHash = key.KeySha256 is { Length: > 0 };
            if (hasHash && (key.KeySha256!.Length != 64 || !key.KeySha256.All(Uri.IsHexDigit)))
            {
                errors.Add($"{at}:KeySha256 must be 64 hex digits (a SHA-256).");
            }
            if (!hasHash && key.Key is not { Length: >= 16 })
            {
                errors.Add($"{at} needs KeySha256, or a Key of at least 16 characters.");
            }
            foreach (var permission in key.Permissions.Where(p => !CallerPermissions.IsWellFormed(p)))
            {
                errors.Add($"{at}:Permissions has '{permission}'; write namespace:read, namespace:write, namespace:admin or system:admin.");
            }
        }
        foreach (var file in options.Jwt.KeyFiles.Where(f => !File.Exists(f)))
        {
            errors.Add($"{FrontendAuthOptions.SectionName}:Jwt:KeyFiles names '{file}', which does not exist.");
        }
        foreach (var secret in options.Jwt.HmacKeys.Where(s => !IsBase64OfAtLeast(s, 32)))
        {
            errors.Add($"{FrontendAuthOptions.SectionName}:Jwt:HmacKeys has a value that is not base64 of at least 32 bytes.");
        }
        if (options.NodeSecret is { Length: > 0 and < 16 })
        {
            errors.Add($"{FrontendAuthOptions.SectionName}:NodeSecret must be at least 16 characters.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsBase64OfAtLeast(string text, int bytes)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var length) && length >= bytes;
    }
}
