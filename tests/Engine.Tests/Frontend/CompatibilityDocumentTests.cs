using System.Text;
using System.Text.RegularExpressions;
using Fencepost.Engine.Frontend;
using Fencepost.Engine.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ProtoService = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Fencepost.Engine.Tests.Frontend;

/// <summary>
/// docs/compatibility.md lists every method of WorkflowService and OperatorService with whether the
/// engine serves it. These tests hold that table to the service descriptors in Temporalio.dll and to
/// what the engine really serves, so it cannot drift: a method the SDK package adds, a handler
/// someone registers, a row someone mistypes each fail here with the rows to fix.
/// </summary>
public sealed partial class CompatibilityDocumentTests
{
    private const string DocumentPath = "docs/compatibility.md";

    public static TheoryData<string> Services => new()
    {
        Temporalio.Api.WorkflowService.V1.ServiceReflection.Descriptor.Services[0].FullName,
        Temporalio.Api.OperatorService.V1.ServiceReflection.Descriptor.Services[0].FullName,
    };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task CompatibilityTable_ComparedWithDescriptorAndEngine_ListsEveryMethodOnceWithWhatIsServed(string serviceName)
    {
        var service = Descriptor(serviceName);
        var table = Table.Read(serviceName);
        var served = await ServedMethodsAsync(service);

        var problems = new List<string>();
        foreach (var group in table.Rows.GroupBy(r => r.Method, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"`{group.Key}` is listed {group.Count()} times (lines {string.Join(", ", group.Select(r => r.Line))}): keep one row.");
        }
        foreach (var row in table.Rows.Where(r => service.FindMethodByName(r.Method) is null))
        {
            problems.Add($"line {row.Line}: `{row.Method}` is not a method of {serviceName}: remove the row (or fix its name).");
        }
        var listed = table.Rows.Select(r => r.Method).ToHashSet(StringComparer.Ordinal);
        foreach (var method in service.Methods.Where(m => !listed.Contains(m.Name)))
        {
            problems.Add($"`{method.Name}` is missing: add the row \"| `{method.Name}` | {(served.Contains(method.Name) ? "yes" : "no")} | <what it enables> |\".");
        }
        foreach (var row in table.Rows.Where(r => service.FindMethodByName(r.Method) is not null))
        {
            var actual = served.Contains(row.Method);
            if (row.Served is not { } claimed)
            {
                problems.Add($"line {row.Line}: `{row.Method}` has \"{row.ServedText}\" in the Served column: write {(actual ? "yes" : "no")}.");
            }
            else if (claimed != actual)
            {
                problems.Add(actual
                    ? $"line {row.Line}: `{row.Method}` says no, but the engine serves it: change it to yes and say what it enables."
                    : $"line {row.Line}: `{row.Method}` says yes, but the engine answers UNIMPLEMENTED: change it to no (or register its handler).");
            }
            if (row.Enables.Length == 0)
            {
                problems.Add($"line {row.Line}: `{row.Method}` does not say what it enables.");
            }
        }

        Assert.True(problems.Count == 0,
            $"{DocumentPath} ({Table.PathIn(Root)}), {serviceName} table, disagrees with the code; fix these rows:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void CompatibilityTable_WorkflowService_TestCoversTheDescriptorTheEngineBinds()
    {
        // The engine binds the descriptor it finds in Temporalio.dll; the test must read the same one.
        Assert.Same(WorkflowServiceMethodProvider.Service, Descriptor(Temporalio.Api.WorkflowService.V1.ServiceReflection.Descriptor.Services[0].FullName));
    }

    private static ProtoService Descriptor(string serviceName) =>
        new[]
        {
            Temporalio.Api.WorkflowService.V1.ServiceReflection.Descriptor.Services[0],
            Temporalio.Api.OperatorService.V1.ServiceReflection.Descriptor.Services[0],
        }.Single(s => s.FullName == serviceName);

    /// <summary>
    /// What the engine serves, from the same places the engine decides it: a method is served when
    /// the app maps a gRPC route for it and (every method of both services is mapped, the unserved
    /// ones answering UNIMPLEMENTED) the service's handler table has a handler for it.
    /// </summary>
    private static async Task<HashSet<string>> ServedMethodsAsync(ProtoService service)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Fencepost:Frontend:Port"] = "0";
        builder.AddFencepostEngine();
        await using var app = builder.Build();
        app.MapFencepostEngine();

        var prefix = "/" + service.FullName + "/";
        var routed = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(endpoint => endpoint.RoutePattern.RawText ?? "")
            .Where(pattern => pattern.StartsWith(prefix, StringComparison.Ordinal) && !pattern.Contains('{', StringComparison.Ordinal))
            .Select(pattern => pattern[prefix.Length..])
            .ToHashSet(StringComparer.Ordinal);

        if (service.FullName == WorkflowServiceMethodProvider.Service.FullName)
        {
            Assert.True(service.Methods.All(m => routed.Contains(m.Name)), "Every WorkflowService method should be routed (answering UNIMPLEMENTED when unserved).");
            var handlers = app.Services.GetRequiredService<WorkflowServiceHandlers>();
            routed.IntersectWith(handlers.ServedMethods);
        }
        else
        {
            Assert.True(service.Methods.All(m => routed.Contains(m.Name)), "Every OperatorService method should be routed (answering UNIMPLEMENTED when unserved).");
            routed.IntersectWith(app.Services.GetRequiredService<OperatorServiceHandlers>().ServedMethods);
        }
        return routed;
    }

    private static readonly string Root = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Console.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Console.sln above {AppContext.BaseDirectory}: run the tests from the repository's build output.");
    }

    private sealed record Row(int Line, string Method, string ServedText, bool? Served, string Enables);

    /// <summary>
    /// One service's table: the rows after the "## ..." heading that names the service's full name,
    /// up to the next "## " heading. A row is <c>| `Method` | yes or no | what it enables |</c>.
    /// </summary>
    private sealed partial class Table
    {
        public required IReadOnlyList<Row> Rows { get; init; }

        public static string PathIn(string root) => Path.Combine(root, DocumentPath);

        public static Table Read(string serviceName)
        {
            var path = PathIn(Root);
            Assert.True(File.Exists(path), $"{DocumentPath} is missing: it documents which Temporal RPCs are served.");
            var lines = File.ReadAllLines(path, Encoding.UTF8);
            var rows = new List<Row>();
            var inSection = false;
            var foundSection = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    inSection = line.Contains("`" + serviceName + "`", StringComparison.Ordinal);
                    foundSection |= inSection;
                    continue;
                }
                if (inSection && RowPattern().Match(line) is { Success: true } match)
                {
                    var servedText = match.Groups["served"].Value.Trim();
                    bool? served = string.Equals(servedText, "yes", StringComparison.OrdinalIgnoreCase) ? true
                        : string.Equals(servedText, "no", StringComparison.OrdinalIgnoreCase) ? false
                        : null;
                    rows.Add(new Row(i + 1, match.Groups["method"].Value, servedText, served, match.Groups["enables"].Value.Trim()));
                }
            }
            Assert.True(foundSection, $"{DocumentPath} has no \"## ...\" section naming `{serviceName}`; add one with its table.");
            return new Table { Rows = rows };
        }

        [GeneratedRegex(@"^\|\s*`(?<method>[A-Za-z0-9_]+)`\s*\|(?<served>[^|]*)\|(?<enables>.*)\|\s*$")]
        private static partial Regex RowPattern();
    }
}
