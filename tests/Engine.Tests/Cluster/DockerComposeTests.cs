using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Fencepost.ConsoleWeb.Configuration;
using Fencepost.Engine.Cluster.Node;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Hosting.Health;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Fencepost.Engine.Tests.Cluster;

/// <summary>
/// Docker cannot run where this is built, so docker-compose.yml is checked against the app
/// instead: it parses, has the documented topology, and every setting it passes is a real option
/// with a value of the right type, every published port is one the service listens on (on all
/// interfaces), and the image starts the console's assembly.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string Root = FindRepositoryRoot();
    private static readonly Dictionary<string, Dictionary<object, object>> Services = LoadServices();
    private static readonly string[] FencepostServices = ["console", "history-1", "history-2", "matching", "frontend"];

    [Fact]
    public void Services_Topology_PostgresAndOneNodePerRoleWithTwoHistoryNodes()
    {
        Assert.Equal(["console", "frontend", "history-1", "history-2", "matching", "postgres"], Services.Keys.Order(StringComparer.Ordinal));
        var roles = FencepostServices.ToDictionary(s => s, s => NodeRoleNames.Parse(Environment(s)["Fencepost__Node__Roles"]).Roles);
        Assert.Equal(NodeRoles.Console, roles["console"]);
        Assert.Equal(NodeRoles.History, roles["history-1"]);
        Assert.Equal(NodeRoles.History, roles["history-2"]);
        Assert.Equal(NodeRoles.Matching, roles["matching"]);
        Assert.Equal(NodeRoles.Frontend, roles["frontend"]);
    }

    [Fact]
    public void Environment_EveryFencepostKey_IsABoundOptionPropertyWithAValidValue()
    {
        var sections = OptionSections();
        var checkedKeys = 0;
        foreach (var service in FencepostServices)
        {
            foreach (var (key, value) in Environment(service).Where(e => e.Key.Contains("__", StringComparison.Ordinal)))
            {
                var valueType = ResolveOption(sections, key.Replace("__", ":", StringComparison.Ordinal));
                Assert.True(valueType is not null, $"{service}: {key} is not a property of any options class the app binds.");
                var converter = TypeDescriptor.GetConverter(valueType!);
                Assert.True(converter.IsValid(value), $"{service}: {key}={value} is not a valid {valueType!.Name}.");
                checkedKeys++;
            }
        }
        Assert.True(checkedKeys >= FencepostServices.Length * 5, $"Only {checkedKeys} settings were checked.");
    }

    [Fact]
    public void Environment_EveryNode_ValidUniqueIdentityReachableByServiceName()
    {
        var hostIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in FencepostServices)
        {
            var env = Environment(service);
            var options = new NodeOptions
            {
                Roles = env["Fencepost__Node__Roles"],
                HostId = env["Fencepost__Node__HostId"],
                RpcAddress = env["Fencepost__Node__RpcAddress"],
            };

            var result = new NodeOptionsValidator().Validate(null, options);

            Assert.True(result.Succeeded, $"{service}: {result.FailureMessage}");
            Assert.True(hostIds.Add(options.HostId!), $"{service}: host id {options.HostId} is used twice.");
            Assert.Equal($"{service}:{FrontendPort(env)}", options.RpcAddress);
        }
    }

    [Fact]
    public void Environment_EveryNode_SharesOnePostgresStoreServedByThePostgresService()
    {
        var stores = FencepostServices.Select(s => Environment(s)).Select(e => (e["Fencepost__Store__Kind"], e["Fencepost__Store__ConnectionString"])).Distinct().ToList();

        var (kind, connection) = Assert.Single(stores);
        Assert.Equal("postgres", kind);
        Assert.Contains("Host=postgres;", connection, StringComparison.Ordinal);
        Assert.All(FencepostServices, s => Assert.Contains("postgres", DependsOn(s)));
    }

    [Fact]
    public void Ports_EveryPublishedPort_IsOneTheServiceListensOnAllInterfaces()
    {
        var published = 0;
        foreach (var service in FencepostServices)
        {
            var env = Environment(service);
            var listeners = new Dictionary<int, string>
            {
                [FrontendPort(env)] = env.GetValueOrDefault("Fencepost__Frontend__Address") ?? new FencepostOptions.FrontendOptions().Address,
            };
            if (NodeRoleNames.Parse(env["Fencepost__Node__Roles"]).Roles.HasFlag(NodeRoles.Console))
            {
                listeners[ConsolePort(env)] = env.GetValueOrDefault("Fencepost__Console__Address") ?? new ConsoleOptions().Address;
            }

            foreach (var port in Ports(service))
            {
                var containerPort = int.Parse(port.Split(':')[^1], CultureInfo.InvariantCulture);
                Assert.True(listeners.TryGetValue(containerPort, out var address), $"{service} publishes {port}, but listens only on {string.Join(", ", listeners.Keys)}.");
                Assert.True(address == "0.0.0.0", $"{service} publishes {containerPort}, but that listener is bound to {address}, unreachable from outside the container.");
                published++;
            }
        }
        Assert.Equal(["8080:8080"], Ports("console"));
        Assert.Equal(["7233:7233"], Ports("frontend"));
        Assert.Equal(2, published);
    }

    [Fact]
    public void Healthcheck_EveryNode_AsksReadyzOnTheHttpPortItListensOn()
    {
        foreach (var service in FencepostServices)
        {
            var test = string.Join(' ', ((List<object>)Map(Services[service]["healthcheck"])["test"]).Select(t => t.ToString()));
            Assert.Contains($"/dev/tcp/127.0.0.1/{ConsolePort(Environment(service))}", test, StringComparison.Ordinal);
            Assert.Contains($"GET {EngineHealthChecks.ReadinessPath} ", test, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DependsOn_Frontend_WaitsUntilTheShardAndQueueOwnersAreReady()
    {
        var dependsOn = Map(Services["frontend"]["depends_on"]);

        foreach (var owner in (string[])["history-1", "history-2", "matching"])
        {
            Assert.True(dependsOn.TryGetValue(owner, out var condition), $"frontend does not wait for {owner}.");
            Assert.Equal("service_healthy", Map(condition!)["condition"]);
        }
    }

    [Fact]
    public void Image_Dockerfile_PublishesAndStartsTheConsoleAssembly()
    {
        var dockerfiles = FencepostServices.Select(s => Map(Services[s]["build"])["dockerfile"].ToString()).Distinct().ToList();
        var dockerfile = File.ReadAllText(Path.Combine(Root, Assert.Single(dockerfiles)!));

        Assert.Contains("dotnet publish src/Console.Web/Console.Web.csproj", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"\"{typeof(ConsoleOptions).Assembly.GetName().Name}.dll\"", dockerfile, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root, "src/Console.Web/Console.Web.csproj")));
    }

    private static int FrontendPort(Dictionary<string, string> env) =>
        env.TryGetValue("Fencepost__Frontend__Port", out var port) ? int.Parse(port, CultureInfo.InvariantCulture) : new FencepostOptions.FrontendOptions().Port;

    private static int ConsolePort(Dictionary<string, string> env) =>
        env.TryGetValue("Fencepost__Console__Port", out var port) ? int.Parse(port, CultureInfo.InvariantCulture) : new ConsoleOptions().Port;

    /// <summary>Options classes by configuration section: every public type with a SectionName constant in the app's assemblies.</summary>
    private static Dictionary<string, Type> OptionSections() =>
        new[] { typeof(FencepostOptions).Assembly, typeof(ConsoleOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The type a configuration key's value binds to, by the longest section prefix and then nested
    /// properties (the binder ignores case); a number after a list is an element of it.
    /// </summary>
    private static Type? ResolveOption(Dictionary<string, Type> sections, string key)
    {
        var section = sections.Keys.Where(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)).MaxBy(s => s.Length);
        if (section is null)
        {
            return null;
        }
        var type = sections[section];
        foreach (var segment in key[(section.Length + 1)..].Split(':'))
        {
            if (int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
                && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            {
                type = type.GetGenericArguments()[0];
                continue;
            }
            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }
            type = property.PropertyType;
        }
        return type;
    }

    private static Dictionary<string, string> Environment(string service) =>
        Map(Services[service]["environment"]).ToDictionary(e => e.Key, e => e.Value?.ToString() ?? "", StringComparer.Ordinal);

    private static List<string> Ports(string service) =>
        Services[service].TryGetValue("ports", out var ports) ? [.. ((List<object>)ports).Select(p => p.ToString()!)] : [];

    private static List<string> DependsOn(string service) => [.. Map(Services[service]["depends_on"]).Keys];

    private static Dictionary<string, object> Map(object node) =>
        ((Dictionary<object, object>)node).ToDictionary(e => e.Key.ToString()!, e => e.Value, StringComparer.Ordinal);

    private static Dictionary<string, Dictionary<object, object>> LoadServices()
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Root, "docker-compose.yml")));
        // MergingParser resolves the "<<: *anchor" merge keys the file uses to share settings.
        var document = (Dictionary<object, object>)new DeserializerBuilder().Build().Deserialize(new MergingParser(new Parser(reader)))!;
        return Map(document["services"]).ToDictionary(e => e.Key, e => (Dictionary<object, object>)e.Value, StringComparer.Ordinal);
    }

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
}
