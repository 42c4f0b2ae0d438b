using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Persistence.Embedded;

/// <summary>Reports every problem of <see cref="EmbeddedStoreOptions"/> at once, at start.</summary>
internal sealed class EmbeddedStoreOptionsValidator : IValidateOptions<EmbeddedStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddedStoreOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
