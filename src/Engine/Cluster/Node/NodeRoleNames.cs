namespace Fencepost.Engine.Cluster.Node;

/// <summary>
/// The lower-case role names used in configuration ("frontend,history") and in the
/// cluster_membership.role column, so operators and peers see the same words.
/// </summary>
public static class NodeRoleNames
{
    public const string Frontend = "frontend";
    public const string History = "history";
    public const string Matching = "matching";
    public const string Console = "console";

    private static readonly (string Name, NodeRoles Role)[] Known =
    [
        (Frontend, NodeRoles.Frontend),
        (History, NodeRoles.History),
        (Matching, NodeRoles.Matching),
        (Console, NodeRoles.Console),
    ];

    /// <summary>Every single role, in a fixed order.</summary>
    public static IReadOnlyList<NodeRoles> Each { get; } = [.. Known.Select(k => k.Role)];

    public static string NameOf(NodeRoles role) =>
        Known.FirstOrDefault(k => k.Role == role).Name
        ?? throw new ArgumentOutOfRangeException(nameof(role), role, "Expected exactly one role.");

    /// <summary>
    /// Parses a comma- or space-separated list ("frontend, history"), case-insensitively. Returns
    /// the roles found and the words that are not roles; an empty list yields <see cref="NodeRoles.None"/>.
    /// </summary>
    public static (NodeRoles Roles, IReadOnlyList<string> Unknown) Parse(string? text)
    {
        var roles = NodeRoles.None;
        var unknown = new List<string>();
        foreach (var word in (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Known.FirstOrDefault(k => string.Equals(k.Name, word, StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
            {
                unknown.Add(word);
            }
            else
            {
                roles |= match.Role;
            }
        }
        return (roles, unknown);
    }

    /// <summary>The single roles set in <paramref name="roles"/>, in the fixed order.</summary>
    public static IEnumerable<NodeRoles> Split(NodeRoles roles) => Each.Where(r => roles.HasFlag(r));

    /// <summary>The roles as configured and shown: "frontend,history".</summary>
    public static string Format(NodeRoles roles) => string.Join(",", Split(roles).Select(NameOf));
}
