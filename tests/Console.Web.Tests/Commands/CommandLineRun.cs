using Fencepost.ConsoleWeb.Commands;

namespace Fencepost.ConsoleWeb.Tests.Commands;

/// <summary>Runs the process's command line in-process with its output captured; the server, if asked for, is recorded instead of started.</summary>
internal static class CommandLineRun
{
    public static async Task<(int Code, string Output, string Errors)> InvokeAsync(params string[] args)
    {
        var (code, output, errors, _) = await InvokeServerAsync(args);
        return (code, output, errors);
    }

    public static async Task<(int Code, string Output, string Errors, ServerArguments? Server)> InvokeServerAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        ServerArguments? server = null;
        var code = await FencepostCommandLine.InvokeAsync(args, (arguments, _) =>
        {
            server = arguments;
            return Task.FromResult(0);
        }, output, errors);
        return (code, output.ToString(), errors.ToString(), server);
    }
}
