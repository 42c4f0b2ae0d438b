using System.Net;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Hosting;

/// <summary>Reports every configuration problem at once, at start.</summary>
internal sealed class FencepostOptionsValidator : IValidateOptions<FencepostOptions>
{
    public ValidateOptionsResult Validate(string? name, FencepostOptions options)
    {
        var problems = new List<string>();
        if (options.Store.Kind is not ("embedded" or "postgres"))
        {
            problems.Add($"Fencepost:Store:Kind must be \"embedded\" or \"postgres\", not \"{options.Store.Kind}\".");
        }
        if (options.Store.Kind == "postgres" && string.IsNullOrWhiteSpace(options.Store.ConnectionString))
        {
            problems.Add("Fencepost:Store:ConnectionString is required when Fencepost:Store:Kind is \"postgres\".");
        }
        if (options.Store.Target is not ("PostgreSql" or "Dsql"))
        {
            problems.Add($"Fencepost:Store:Target must be \"PostgreSql\" or \"Dsql\", not \"{options.Store.Target}\".");
        }
        if (options.History.ShardCount is < 1 or > 16_384)
        {
            problems.Add("Fencepost:History:ShardCount must be between 1 and 16384.");
        }
        if (options.Frontend.Port is < 0 or > 65_535)
        {
            problems.Add("Fencepost:Frontend:Port must be between 0 and 65535 (0 picks a free port).");
        }
        if (!IPAddress.TryParse(options.Frontend.Address, out _) && options.Frontend.Address != "localhost")
        {
            problems.Add($"Fencepost:Frontend:Address \"{options.Frontend.Address}\" is not an IP address.");
        }
        problems.AddRange(options.Frontend.Tls.Problems("Fencepost:Frontend:Tls"));
        if (options.Frontend.MaxBufferedRequestBytes < FencepostEngineHostingExtensions.MaxReceiveMessageSize)
        {
            problems.Add($"Fencepost:Frontend:MaxBufferedRequestBytes {options.Frontend.MaxBufferedRequestBytes} is below the largest request ({FencepostEngineHostingExtensions.MaxReceiveMessageSize} bytes), which could then never be read.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
